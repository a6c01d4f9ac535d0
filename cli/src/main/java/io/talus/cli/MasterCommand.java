package io.talus.cli;

import io.talus.master.MasterConfig;
import io.talus.master.MasterDaemon;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code talus master}: one master daemon, until SIGTERM or Ctrl-C (then it leaves gossip and stops
 * its Raft peer cleanly). Exit codes: 0 after a clean stop, 1 if it could not start, 2 bad flags.
 */
@Command(
    name = "master",
    mixinStandardHelpOptions = true,
    versionProvider = TalusVersion.class,
    description = "Run a master: a Raft peer of the registry, a gossip member, and the Mesos v1 APIs.")
final class MasterCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--id", description = "This master's id, also its Raft peer id. Default: the first"
      + " --raft_peers entry whose address is --ip:--raft_port, else 'master'.")
  String id;

  @Option(names = "--ip", defaultValue = "127.0.0.1", description = "Address to listen on and advertise. Default: ${DEFAULT-VALUE}.")
  String ip;

  @Option(names = "--port", defaultValue = "5050", description = "HTTP port. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--hostname", description = "Host name in MasterInfo and offers. Default: --ip.")
  String hostname;

  @Option(names = "--work_dir", required = true, description = "Where the Raft log, snapshots and registry live.")
  Path workDir;

  @Option(names = "--raft_port", description = "Raft port of a single-master cluster (without --raft_peers). Default: --port + 1000.")
  Integer raftPort;

  @Option(names = "--raft_peers", split = ",", description = "Every master as id=host:raft_port, e.g."
      + " m1=10.0.0.1:6050,m2=10.0.0.2:6050,m3=10.0.0.3:6050. Default: this master alone.")
  Map<String, String> raftPeers = new LinkedHashMap<>();

  @Mixin GossipOptions gossip = new GossipOptions();

  @Option(names = "--election_timeout_min", converter = DurationConverter.class, defaultValue = "300ms",
      description = "Raft election timeout, lower bound. Default: ${DEFAULT-VALUE}.")
  Duration electionMin;

  @Option(names = "--election_timeout_max", converter = DurationConverter.class, defaultValue = "600ms",
      description = "Raft election timeout, upper bound. Default: ${DEFAULT-VALUE}.")
  Duration electionMax;

  @Option(names = "--framework_heartbeat_interval", converter = DurationConverter.class, defaultValue = "15secs",
      description = "HEARTBEAT events on scheduler streams. Default: ${DEFAULT-VALUE}.")
  Duration heartbeat;

  @Option(names = "--agent_ping_interval", converter = DurationConverter.class, defaultValue = "5secs",
      description = "Heartbeats on agent streams. Default: ${DEFAULT-VALUE}.")
  Duration agentPing;

  @Option(names = "--agent_disconnect_timeout", converter = DurationConverter.class, defaultValue = "15secs",
      description = "An agent whose stream stays down (or which stays silent) this long becomes unreachable."
          + " Default: ${DEFAULT-VALUE}.")
  Duration agentDisconnect;

  @Option(names = "--agent_reregister_timeout", converter = DurationConverter.class, defaultValue = "30secs",
      description = "After a failover, agents that have not reregistered by then become unreachable."
          + " Default: ${DEFAULT-VALUE}.")
  Duration agentReregister;

  @Option(names = "--status_update_retry_interval", converter = DurationConverter.class, defaultValue = "10secs",
      description = "Unacknowledged status updates are sent again after this long. Default: ${DEFAULT-VALUE}.")
  Duration updateRetry;

  @Option(names = "--allocation_interval", converter = DurationConverter.class, defaultValue = "1secs",
      description = "Periodic allocation round. Default: ${DEFAULT-VALUE}.")
  Duration allocationInterval;

  @Option(names = "--offer_timeout", converter = DurationConverter.class,
      description = "Rescind offers outstanding longer than this. Default: never.")
  Duration offerTimeout;

  @Override
  public Integer call() throws Exception {
    MasterConfig config = toConfig();
    MasterDaemon daemon;
    try {
      daemon = MasterDaemon.start(config, TalusVersion.current());
    } catch (Exception e) {
      spec.commandLine().getErr().println("talus master: could not start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      daemon.close();
      stopped.countDown();
    }, "talus-master-shutdown"));
    stopped.await();
    return 0;
  }

  MasterConfig toConfig() {
    int raft = raftPort != null ? raftPort : port + 1000;
    Map<String, String> peers = new LinkedHashMap<>(raftPeers);
    String self = id;
    if (self == null) {
      String mine = ip + ":" + raft;
      self = peers.entrySet().stream().filter(e -> e.getValue().equals(mine)).map(Map.Entry::getKey)
          .findFirst().orElse("master");
    }
    if (peers.isEmpty()) {
      peers.put(self, ip + ":" + raft);
    }
    if (!peers.containsKey(self)) {
      throw new ParameterException(spec.commandLine(),
          "--id " + self + " is not among --raft_peers " + peers.keySet());
    }
    try {
      return MasterConfig.builder(self, workDir, peers)
          .ip(ip)
          .port(port)
          .hostname(hostname)
          .gossip(gossip.toConfig(ip, port + 2000))
          .electionTimeout(electionMin, electionMax)
          .frameworkHeartbeatInterval(heartbeat)
          .agentPingInterval(agentPing)
          .agentDisconnectTimeout(agentDisconnect)
          .agentReregisterTimeout(agentReregister)
          .statusUpdateRetryInterval(updateRetry)
          .allocationInterval(allocationInterval)
          .offerTimeout(Optional.ofNullable(offerTimeout))
          .build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
