package io.talus.consensus;

import io.talus.protocol.registry.InitializeCluster;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegistryOp;
import io.talus.registry.Registry;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One master's Raft peer: the Ratis server with the registry state machine, plus a client for
 * submitting ops. When this peer becomes leader of a registry that has no cluster id yet, it commits
 * one (the only randomness, drawn here at the edge and stamped into the op).
 */
public final class ConsensusServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConsensusServer.class);

  private final ConsensusConfig config;
  private final RaftGroup group;
  private final RegistryStateMachine stateMachine;
  private final RaftServer server;
  private final RegistryClient client;

  private ConsensusServer(ConsensusConfig config, FatalErrorHandler fatal) throws IOException {
    this.config = config;
    this.group = RaftSettings.group(config);
    this.stateMachine = new RegistryStateMachine(fatal);
    this.server = RaftServer.newBuilder()
        .setServerId(RaftSettings.peerId(config.peerId()))
        .setGroup(group)
        .setProperties(RaftSettings.serverProperties(config))
        .setStateMachine(stateMachine)
        // RECOVER formats an empty storage directory and reopens an existing one.
        .setOption(RaftStorage.StartupOption.RECOVER)
        .build();
    this.client = RegistryClient.create(group, "master-" + config.peerId(),
        RegistryClient.DEFAULT_ENTRIES_IN_FLIGHT);
    stateMachine.addLeadershipListener(leader -> {
      if (leader.self()) {
        initializeClusterIfNeeded();
      }
    });
  }

  /** Starts the peer; it joins (or forms) the group with the peers of {@code config}. */
  public static ConsensusServer start(ConsensusConfig config, FatalErrorHandler fatal) throws IOException {
    ConsensusServer s = new ConsensusServer(config, fatal);
    s.server.start();
    LOG.info("raft peer started peer={} address={} storage={}", config.peerId(),
        config.peers().get(config.peerId()), config.storageDir());
    return s;
  }

  /** Runs asynchronously: leader callbacks come on a Ratis thread that must not block. */
  private void initializeClusterIfNeeded() {
    client.status(false).thenCompose(status -> {
      if (status.hasClusterId()) {
        return CompletableFuture.completedFuture(null);
      }
      String clusterId = UUID.randomUUID().toString();
      RegistryOp op = RegistryOp.newBuilder()
          .setTimeNanos(Clocks.nowNanos())
          .setInitializeCluster(InitializeCluster.newBuilder().setClusterId(clusterId))
          .build();
      return client.submit(op).thenAccept((OpResult r) ->
          LOG.info("cluster initialization peer={} cluster={} result={}", config.peerId(), clusterId,
              r.hasAccepted() ? "accepted" : r.getRejected().getReason()));
    }).exceptionally(e -> {
      LOG.warn("cluster initialization failed peer={}; the next leader retries", config.peerId(), e);
      return null;
    });
  }

  public String peerId() {
    return config.peerId();
  }

  public RegistryStateMachine stateMachine() {
    return stateMachine;
  }

  /** A client to the whole group, shared by this master's request handlers. */
  public RegistryClient client() {
    return client;
  }

  public LeaderInfo leader() {
    return stateMachine.leader();
  }

  /**
   * The leader as Raft sees it right now: none while this peer is a candidate (it lost its leader
   * and is looking for a quorum), unlike {@link #leader()}, which keeps the last one announced.
   */
  public LeaderInfo currentLeader() {
    var info = division().getInfo();
    if (info.isLeader()) {
      return new LeaderInfo(config.peerId(), info.getCurrentTerm(), true);
    }
    var leaderId = info.getLeaderId();
    if (leaderId == null || !info.isFollower()) {
      return LeaderInfo.NONE;
    }
    return new LeaderInfo(leaderId.toString(), info.getCurrentTerm(), false);
  }

  public boolean isLeader() {
    return division().getInfo().isLeader();
  }

  /**
   * Leader and ready: it has committed an entry of its own term, so its commit index covers every
   * entry any earlier leader committed.
   */
  public boolean isLeaderReady() {
    return division().getInfo().isLeaderReady();
  }

  public long currentTerm() {
    return division().getInfo().getCurrentTerm();
  }

  public long commitIndex() {
    return division().getRaftLog().getLastCommittedIndex();
  }

  public long appliedIndex() {
    return division().getInfo().getLastAppliedIndex();
  }

  /** The first index still in this peer's log (everything below was purged after a snapshot). */
  public long logStartIndex() {
    return division().getRaftLog().getStartIndex();
  }

  private RaftServer.Division division() {
    try {
      return server.getDivision(group.getGroupId());
    } catch (IOException e) {
      throw new IllegalStateException("raft division of " + config.peerId() + " is gone", e);
    }
  }

  /**
   * A linearizable read of this replica: the peer first learns the leader's commit index (Raft read
   * index) and applies up to it, then {@code reader} runs against the local registry, so it sees
   * every op committed before the call.
   */
  public <T> CompletableFuture<T> readLinearizable(Function<Registry, T> reader) {
    return client.statusAt(config.peerId(), false).thenApply(status -> readLocal(reader));
  }

  /** Reads this replica's registry as it is now (not linearizable; see {@link #readLinearizable}). */
  public <T> T readLocal(Function<Registry, T> reader) {
    return stateMachine.readRegistry(reader);
  }

  @Override
  public void close() throws IOException {
    try {
      client.close();
    } finally {
      server.close();
      LOG.info("raft peer stopped peer={}", config.peerId());
    }
  }
}
