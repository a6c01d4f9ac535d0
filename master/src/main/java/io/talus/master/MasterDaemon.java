package io.talus.master;

import io.talus.consensus.ConsensusConfig;
import io.talus.consensus.ConsensusServer;
import io.talus.consensus.FatalErrorHandler;
import io.talus.consensus.LeaderInfo;
import io.talus.http.HttpServer;
import io.talus.http.HttpServerConfig;
import io.talus.master.http.MasterHttp;
import io.talus.master.leader.Leader;
import io.talus.master.leader.LeaderContext;
import io.talus.membership.Member;
import io.talus.membership.Membership;
import io.talus.membership.MembershipEvent;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.protocol.membership.MemberMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code talus master}: a Raft peer of the registry, a gossip member and an HTTP server. Every
 * master serves the operator surface; the one that leads also runs a {@link Leader} for its term,
 * and the others redirect scheduler and agent traffic to it.
 */
public final class MasterDaemon implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MasterDaemon.class);

  private final MasterConfig config;
  private final String version;
  private final long startWallNanos = LeaderContext.wallNanos();
  private final ScheduledExecutorService leadership;
  private LeaderInfo published = LeaderInfo.NONE;
  private ConsensusServer consensus;
  private HttpServer http;
  private Membership membership;
  private MasterInfo masterInfo;
  private String httpEndpoint;
  private volatile Leader leader;
  private volatile boolean closed;

  private MasterDaemon(MasterConfig config, String version) {
    this.config = config;
    this.version = version;
    this.leadership = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "talus-leadership-" + config.id());
      t.setDaemon(true);
      return t;
    });
  }

  public static MasterDaemon start(MasterConfig config) throws IOException {
    return start(config, MasterVersion.current());
  }

  public static MasterDaemon start(MasterConfig config, String version) throws IOException {
    MasterDaemon d = new MasterDaemon(config, version);
    try {
      d.startAll();
    } catch (IOException | RuntimeException e) {
      d.close();
      throw e;
    }
    return d;
  }

  private void startAll() throws IOException {
    Files.createDirectories(config.workDir());
    http = HttpServer.start(HttpServerConfig.of(config.ip(), config.port(), "master-" + config.id())
        .withMaxRequestBodyBytes(config.maxRequestBodyBytes()), new MasterHttp(this));
    int port = http.address().getPort();
    httpEndpoint = "http://" + config.ip() + ":" + port;
    masterInfo = MasterInfos.of(config.id(), config.ip(), port, config.hostname(), version);
    consensus = ConsensusServer.start(
        ConsensusConfig.of(config.id(), config.raftPeers(), config.workDir().resolve("raft"))
            .withElectionTimeout(config.electionTimeoutMin(), config.electionTimeoutMax()),
        FatalErrorHandler.HALT);
    membership = Membership.start(config.gossip(), metadata(LeaderInfo.NONE));
    membership.subscribe(this::onMembershipEvent);
    consensus.stateMachine().addLeadershipListener(info -> leadership.execute(() -> onLeaderChanged(info)));
    leadership.execute(() -> onLeaderChanged(consensus.leader()));
    // Ratis announces a new leader but not a leader stepping down (lost majority heartbeats), so
    // Raft's current view is also polled: a deposed leader stops serving within a poll.
    leadership.scheduleWithFixedDelay(() -> onLeaderChanged(consensus.currentLeader()), 200, 200,
        TimeUnit.MILLISECONDS);
    LOG.info("master started id={} http={} raft={} gossip={} work_dir={}", config.id(), httpEndpoint,
        config.raftPeers().get(config.id()), membership.address(), config.workDir());
  }

  private void onLeaderChanged(LeaderInfo info) {
    if (closed) {
      return;
    }
    Leader current = leader;
    if (info.self()) {
      if (current == null || current.term() != info.term()) {
        if (current != null) {
          current.close();
        }
        Leader next = new Leader(new LeaderContext(config, consensus, masterInfo), info.term());
        leader = next;
        LOG.info("elected leader id={} term={}", config.id(), info.term());
        next.start();
      }
    } else if (current != null) {
      leader = null;
      LOG.info("leadership lost id={} term={} leader_now={}", config.id(), current.term(),
          info.known() ? info.leaderId() : "none");
      current.close();
    }
    if (!info.equals(published)) {
      published = info;
      membership.updateMetadata(metadata(info));
    }
  }

  private MemberMetadata metadata(LeaderInfo info) {
    MemberMetadata.Builder m = MemberMetadata.newBuilder()
        .setRole(MemberMetadata.Role.MASTER)
        .setNodeId(config.id())
        .setHttpEndpoint(httpEndpoint);
    if (info.known()) {
      m.setLeaderId(info.leaderId()).setLeaderTerm(info.term());
      leaderHttpEndpoint(info).ifPresent(m::setLeaderHttpEndpoint);
    }
    return m.build();
  }

  private void onMembershipEvent(MembershipEvent event) {
    MemberMetadata m = event.member().metadata();
    if (event.type() == MembershipEvent.Type.REMOVED && m.getRole() == MemberMetadata.Role.AGENT
        && m.hasHttpEndpoint()) {
      Leader l = leader;
      if (l != null) {
        l.memberDead(m.getHttpEndpoint(), m.getIncarnation());
      }
    }
    if (m.getRole() == MemberMetadata.Role.MASTER && event.type() != MembershipEvent.Type.REMOVED) {
      // A master's endpoint became known: followers may now name the leader's endpoint.
      LeaderInfo info = consensus.leader();
      if (info.known() && !info.self() && info.leaderId().equals(m.getNodeId())) {
        leadership.execute(() -> membership.updateMetadata(metadata(consensus.leader())));
      }
    }
  }

  /** The leader's HTTP base URL, from gossip (or this master's own when it leads). */
  public Optional<String> leaderHttpEndpoint() {
    return leaderHttpEndpoint(consensus.currentLeader());
  }

  private Optional<String> leaderHttpEndpoint(LeaderInfo info) {
    if (!info.known()) {
      return Optional.empty();
    }
    if (info.self()) {
      return Optional.of(httpEndpoint);
    }
    for (Member member : membership.members()) {
      MemberMetadata m = member.metadata();
      if (m.getRole() == MemberMetadata.Role.MASTER && m.getNodeId().equals(info.leaderId())
          && m.hasHttpEndpoint()) {
        return Optional.of(m.getHttpEndpoint());
      }
    }
    return Optional.empty();
  }

  /** This term's leader when this master leads, else null. */
  public Leader leader() {
    return leader;
  }

  public MasterConfig config() {
    return config;
  }

  public ConsensusServer consensus() {
    return consensus;
  }

  public Membership membership() {
    return membership;
  }

  public MasterInfo masterInfo() {
    return masterInfo;
  }

  public String version() {
    return version;
  }

  public long startWallNanos() {
    return startWallNanos;
  }

  /** This master's HTTP base URL, e.g. {@code http://127.0.0.1:5050}. */
  public String httpEndpoint() {
    return httpEndpoint;
  }

  public boolean isLeader() {
    Leader l = leader;
    return l != null && l.ready();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    leadership.shutdown();
    try {
      leadership.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Leader l = leader;
    leader = null;
    if (l != null) {
      l.close();
    }
    if (http != null) {
      http.close();
    }
    if (membership != null) {
      membership.close();
    }
    if (consensus != null) {
      try {
        consensus.close();
      } catch (IOException e) {
        LOG.warn("raft peer did not close cleanly id={}: {}", config.id(), e.toString());
      }
    }
    LOG.info("master stopped id={}", config.id());
  }
}
