package io.talus.master.testing;

import static org.awaitility.Awaitility.await;

import io.talus.master.MasterConfig;
import io.talus.master.MasterDaemon;
import io.talus.membership.MembershipConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Real {@link MasterDaemon}s on 127.0.0.1 forming one Raft group and one gossip cluster, with
 * timeouts short enough for tests: framework heartbeats every second, agent pings every 0.5 s, an
 * agent silent for 3 s is dropped, 5 s to reregister after a failover, unacknowledged updates sent
 * again after 1 s, an allocation round every 200 ms and elections in 300–600 ms.
 *
 * <p>Every master gets free HTTP, Raft and gossip ports and its own work dir under {@code
 * baseDir}; its gossip seeds are every other master, so the cluster stays joined whichever master
 * is killed.
 */
public final class MasterCluster implements AutoCloseable {

  public static final Duration FRAMEWORK_HEARTBEAT = Duration.ofSeconds(1);
  public static final Duration AGENT_PING = Duration.ofMillis(500);
  public static final Duration AGENT_DISCONNECT_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration AGENT_REREGISTER_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration STATUS_UPDATE_RETRY = Duration.ofSeconds(1);
  public static final Duration ALLOCATION_INTERVAL = Duration.ofMillis(200);

  private final List<MasterDaemon> all;
  private final List<MasterDaemon> live;

  private MasterCluster(List<MasterDaemon> masters) {
    this.all = List.copyOf(masters);
    this.live = new CopyOnWriteArrayList<>(masters);
  }

  /** Starts {@code size} masters with the test timeouts. */
  public static MasterCluster start(int size, Path baseDir) {
    return start(size, baseDir, UnaryOperator.identity());
  }

  /** Starts {@code size} masters; {@code tweak} may change any setting of each one's config. */
  public static MasterCluster start(int size, Path baseDir, UnaryOperator<MasterConfig.Builder> tweak) {
    Map<String, String> raftPeers = new LinkedHashMap<>();
    Map<String, Integer> gossipPorts = new LinkedHashMap<>();
    for (int i = 1; i <= size; i++) {
      raftPeers.put("m" + i, "127.0.0.1:" + freePort());
      gossipPorts.put("m" + i, freePort());
    }
    List<MasterDaemon> started = new ArrayList<>();
    try {
      for (String id : raftPeers.keySet()) {
        List<String> seeds = gossipPorts.entrySet().stream()
            .filter(e -> !e.getKey().equals(id))
            .map(e -> "127.0.0.1:" + e.getValue())
            .toList();
        MembershipConfig gossip = MembershipConfig.builder()
            .host("127.0.0.1")
            .port(gossipPorts.get(id))
            .seeds(seeds)
            .shutdownTimeout(Duration.ofMillis(500))
            .build();
        MasterConfig.Builder config = MasterConfig.builder(id, baseDir.resolve(id), raftPeers)
            .ip("127.0.0.1")
            .port(0)
            .gossip(gossip)
            .electionTimeout(Duration.ofMillis(300), Duration.ofMillis(600))
            .frameworkHeartbeatInterval(FRAMEWORK_HEARTBEAT)
            .agentPingInterval(AGENT_PING)
            .agentDisconnectTimeout(AGENT_DISCONNECT_TIMEOUT)
            .agentReregisterTimeout(AGENT_REREGISTER_TIMEOUT)
            .statusUpdateRetryInterval(STATUS_UPDATE_RETRY)
            .allocationInterval(ALLOCATION_INTERVAL);
        started.add(MasterDaemon.start(tweak.apply(config).build()));
      }
    } catch (IOException | RuntimeException e) {
      started.forEach(MasterDaemon::close);
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
    return new MasterCluster(started);
  }

  /** A port nobody listens on right now. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The masters that have not been killed, in start order. */
  public List<MasterDaemon> masters() {
    return List.copyOf(live);
  }

  /** Every master's HTTP base URL, killed ones included (clients must cope with dead masters). */
  public List<String> endpoints() {
    return all.stream().map(MasterDaemon::httpEndpoint).toList();
  }

  /** Waits until exactly one live master leads and has recovered, and returns it. */
  public MasterDaemon leader() {
    return leader(Duration.ofSeconds(20));
  }

  public MasterDaemon leader(Duration timeout) {
    return await("exactly one leading master")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> {
          List<MasterDaemon> leaders = live.stream().filter(MasterDaemon::isLeader).toList();
          return leaders.size() == 1 ? leaders.get(0) : null;
        }, m -> m != null);
  }

  /** The live masters other than the current leader. */
  public List<MasterDaemon> followers() {
    MasterDaemon leader = leader();
    return live.stream().filter(m -> m != leader).toList();
  }

  /** Stops a master for good, as a crash would: its streams break and it answers nothing. */
  public void kill(MasterDaemon master) {
    live.remove(master);
    master.close();
  }

  @Override
  public void close() {
    for (MasterDaemon m : live) {
      m.close();
    }
    live.clear();
  }
}
