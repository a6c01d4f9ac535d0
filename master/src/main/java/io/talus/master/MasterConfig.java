package io.talus.master;

import io.talus.membership.MembershipConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One master's settings, in the Mesos spirit: where it listens, where it keeps its state, its Raft
 * peers and gossip seeds, and the timeouts of the leader's sessions.
 *
 * @param id this master's id; also its Raft peer id, so it must be a key of {@code raftPeers}
 * @param ip the address the HTTP server binds to and advertises
 * @param port the HTTP port (Mesos's default 5050); 0 picks a free one
 * @param hostname the host name in MasterInfo and offers' URLs; the ip when unset
 * @param workDir the Raft log, snapshots and live registry store live under it
 * @param raftPeers every master, id to the {@code host:port} of its Raft endpoint
 * @param gossip this master's gossip settings (port, seeds, failure detection)
 * @param electionTimeoutMin lower bound of the randomized Raft election timeout
 * @param electionTimeoutMax upper bound
 * @param frameworkHeartbeatInterval HEARTBEAT events on every subscription (Mesos: 15 s)
 * @param agentPingInterval heartbeats on every agent stream, both ways
 * @param agentDisconnectTimeout an agent whose stream stays down this long becomes unreachable
 * @param agentReregisterTimeout after a failover, agents that have not reregistered by then
 *     become unreachable
 * @param statusUpdateRetryInterval an unacknowledged status update is sent to its framework again
 *     after this long
 * @param allocationInterval the periodic allocation round (Mesos: 1 s)
 * @param offerTimeout offers outstanding longer than this are rescinded; none when empty
 * @param maxRequestBodyBytes larger request bodies are refused with 413
 */
public record MasterConfig(
    String id,
    String ip,
    int port,
    String hostname,
    Path workDir,
    Map<String, String> raftPeers,
    MembershipConfig gossip,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration frameworkHeartbeatInterval,
    Duration agentPingInterval,
    Duration agentDisconnectTimeout,
    Duration agentReregisterTimeout,
    Duration statusUpdateRetryInterval,
    Duration allocationInterval,
    Optional<Duration> offerTimeout,
    int maxRequestBodyBytes) {

  public static final int DEFAULT_PORT = 5050;

  public MasterConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(ip, "ip");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    hostname = hostname == null || hostname.isBlank() ? ip : hostname;
    Objects.requireNonNull(workDir, "workDir");
    raftPeers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(raftPeers));
    if (!raftPeers.containsKey(id)) {
      throw new IllegalArgumentException(
          "master id " + id + " is not among the Raft peers " + raftPeers.keySet());
    }
    Objects.requireNonNull(gossip, "gossip");
    if (electionTimeoutMin.compareTo(electionTimeoutMax) >= 0) {
      throw new IllegalArgumentException("election timeout min must be below max");
    }
    requirePositive("frameworkHeartbeatInterval", frameworkHeartbeatInterval);
    requirePositive("agentPingInterval", agentPingInterval);
    requirePositive("agentDisconnectTimeout", agentDisconnectTimeout);
    requirePositive("agentReregisterTimeout", agentReregisterTimeout);
    requirePositive("statusUpdateRetryInterval", statusUpdateRetryInterval);
    requirePositive("allocationInterval", allocationInterval);
    Objects.requireNonNull(offerTimeout, "offerTimeout");
    offerTimeout.ifPresent(t -> requirePositive("offerTimeout", t));
    if (maxRequestBodyBytes < 1024) {
      throw new IllegalArgumentException("maxRequestBodyBytes must be at least 1024");
    }
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  public static Builder builder(String id, Path workDir, Map<String, String> raftPeers) {
    return new Builder(id, workDir, raftPeers);
  }

  /** Defaults for everything but the id, work dir and peers. */
  public static final class Builder {
    private final String id;
    private final Path workDir;
    private final Map<String, String> raftPeers;
    private String ip = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private String hostname;
    private MembershipConfig gossip = MembershipConfig.builder().build();
    private Duration electionTimeoutMin = Duration.ofMillis(300);
    private Duration electionTimeoutMax = Duration.ofMillis(600);
    private Duration frameworkHeartbeatInterval = Duration.ofSeconds(15);
    private Duration agentPingInterval = Duration.ofSeconds(5);
    private Duration agentDisconnectTimeout = Duration.ofSeconds(15);
    private Duration agentReregisterTimeout = Duration.ofSeconds(30);
    private Duration statusUpdateRetryInterval = Duration.ofSeconds(10);
    private Duration allocationInterval = Duration.ofSeconds(1);
    private Optional<Duration> offerTimeout = Optional.empty();
    private int maxRequestBodyBytes = 16 << 20;

    private Builder(String id, Path workDir, Map<String, String> raftPeers) {
      this.id = id;
      this.workDir = workDir;
      this.raftPeers = raftPeers;
    }

    public Builder ip(String v) { this.ip = v; return this; }
    public Builder port(int v) { this.port = v; return this; }
    public Builder hostname(String v) { this.hostname = v; return this; }
    public Builder gossip(MembershipConfig v) { this.gossip = v; return this; }
    public Builder electionTimeout(Duration min, Duration max) {
      this.electionTimeoutMin = min;
      this.electionTimeoutMax = max;
      return this;
    }
    public Builder frameworkHeartbeatInterval(Duration v) { this.frameworkHeartbeatInterval = v; return this; }
    public Builder agentPingInterval(Duration v) { this.agentPingInterval = v; return this; }
    public Builder agentDisconnectTimeout(Duration v) { this.agentDisconnectTimeout = v; return this; }
    public Builder agentReregisterTimeout(Duration v) { this.agentReregisterTimeout = v; return this; }
    public Builder statusUpdateRetryInterval(Duration v) { this.statusUpdateRetryInterval = v; return this; }
    public Builder allocationInterval(Duration v) { this.allocationInterval = v; return this; }
    public Builder offerTimeout(Optional<Duration> v) { this.offerTimeout = v; return this; }
    public Builder maxRequestBodyBytes(int v) { this.maxRequestBodyBytes = v; return this; }

    public MasterConfig build() {
      return new MasterConfig(id, ip, port, hostname, workDir, raftPeers, gossip,
          electionTimeoutMin, electionTimeoutMax, frameworkHeartbeatInterval, agentPingInterval,
          agentDisconnectTimeout, agentReregisterTimeout, statusUpdateRetryInterval,
          allocationInterval, offerTimeout, maxRequestBodyBytes);
    }
  }
}
