package io.talus.cli;

import io.talus.agent.AgentConfig;
import io.talus.agent.AgentDaemon;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code talus agent}: one agent daemon, until SIGTERM or Ctrl-C. Its tasks keep running when it
 * stops (an agent started again on the same work dir takes them back). Exit codes: 0 after a clean
 * stop, 1 if it could not start or the master refused it, 2 bad flags, 70 when it stopped because
 * it could no longer trust its own state.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    versionProvider = TalusVersion.class,
    description = "Run an agent: it joins the cluster by gossip, offers this machine's resources and runs tasks.")
final class AgentCommand implements Callable<Integer> {

  static final int EXIT_FATAL = 70;

  @Spec CommandSpec spec;

  @Option(names = "--ip", defaultValue = "127.0.0.1", description = "Address to listen on and advertise. Default: ${DEFAULT-VALUE}.")
  String ip;

  @Option(names = "--port", defaultValue = "5051", description = "HTTP port. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--hostname", description = "AgentInfo.hostname. Default: --ip.")
  String hostname;

  @Option(names = "--work_dir", required = true, description = "Sandboxes and the agent's checkpoint live here.")
  Path workDir;

  @Option(names = "--resources", description = "e.g. \"cpus:4;mem:8192;disk:10000;ports:[31000-32000]\"."
      + " Default: detected from the machine.")
  String resources;

  @Option(names = "--attributes", defaultValue = "", description = "e.g. \"rack:r1;zone:a\".")
  String attributes;

  @Mixin GossipOptions gossip = new GossipOptions();

  @Option(names = "--master", split = ",", description = "Master base URLs (http://host:port) to try when"
      + " gossip names no leader yet. Optional: gossip seeds are enough.")
  List<String> masters = new ArrayList<>();

  @Option(names = "--isolation", defaultValue = "auto", description = "auto (cgroups when the machine allows"
      + " it), cgroups (or refuse to start) or none. Default: ${DEFAULT-VALUE}.")
  String isolation;

  @Option(names = "--cgroups_root", defaultValue = "talus", description = "Cgroup under which each container"
      + " gets its own. Default: ${DEFAULT-VALUE}.")
  String cgroupsRoot;

  @Option(names = "--status_update_retry_interval_min", converter = DurationConverter.class, defaultValue = "10secs",
      description = "First retry of an unacknowledged status update; it doubles up to the max. Default: ${DEFAULT-VALUE}.")
  Duration retryMin;

  @Option(names = "--status_update_retry_interval_max", converter = DurationConverter.class, defaultValue = "10mins",
      description = "Default: ${DEFAULT-VALUE}.")
  Duration retryMax;

  @Option(names = "--executor_registration_timeout", converter = DurationConverter.class, defaultValue = "1mins",
      description = "How long a new executor may take to subscribe. Default: ${DEFAULT-VALUE}.")
  Duration registrationTimeout;

  @Option(names = "--executor_reregistration_timeout", converter = DurationConverter.class, defaultValue = "10secs",
      description = "After an agent restart, how long a live executor may take to subscribe again. Default: ${DEFAULT-VALUE}.")
  Duration reregistrationTimeout;

  @Option(names = "--executor_shutdown_grace_period", converter = DurationConverter.class, defaultValue = "5secs",
      description = "Between SHUTDOWN to an executor and killing it. Default: ${DEFAULT-VALUE}.")
  Duration shutdownGrace;

  @Option(names = "--kill_grace_period", converter = DurationConverter.class, defaultValue = "3secs",
      description = "SIGTERM to SIGKILL for a killed task without a kill policy. Default: ${DEFAULT-VALUE}.")
  Duration killGrace;

  @Option(names = "--recovery_timeout", converter = DurationConverter.class, defaultValue = "15mins",
      description = "MESOS_RECOVERY_TIMEOUT for executors: how long they wait for a restarted agent. Default: ${DEFAULT-VALUE}.")
  Duration recoveryTimeout;

  @Override
  public Integer call() throws Exception {
    AgentConfig config = toConfig();
    AgentDaemon daemon;
    try {
      daemon = AgentDaemon.start(config, TalusVersion.current(), error -> Runtime.getRuntime().halt(EXIT_FATAL));
    } catch (Exception e) {
      spec.commandLine().getErr().println("talus agent: could not start: " + e.getMessage());
      return 1;
    }
    Thread hook = new Thread(daemon::close, "talus-agent-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    Optional<String> refusal = daemon.awaitTermination();
    if (refusal.isPresent()) {
      spec.commandLine().getErr().println("talus agent: the master refused this agent: " + refusal.get());
      Runtime.getRuntime().removeShutdownHook(hook);
      daemon.close();
      return 1;
    }
    return 0;
  }

  AgentConfig toConfig() {
    try {
      return AgentConfig.builder()
          .ip(ip)
          .port(port)
          .hostname(hostname != null ? hostname : ip)
          .workDir(workDir.toAbsolutePath())
          .resources(resources)
          .attributes(attributes)
          .gossip(gossip.toConfig(ip, port + 2000))
          .masters(masters)
          .isolation(isolation)
          .cgroupsRoot(cgroupsRoot)
          .statusUpdateRetryMin(retryMin)
          .statusUpdateRetryMax(retryMax)
          .executorRegistrationTimeout(registrationTimeout)
          .executorReregistrationTimeout(reregistrationTimeout)
          .executorShutdownGracePeriod(shutdownGrace)
          .killGracePeriod(killGrace)
          .recoveryTimeout(recoveryTimeout)
          .flags(flags())
          .build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Every option with its value, as Mesos's {@code /state} shows an agent's flags. */
  private Map<String, String> flags() {
    Map<String, String> flags = new LinkedHashMap<>();
    for (OptionSpec o : spec.options()) {
      if (o.usageHelp() || o.versionHelp()) {
        continue;
      }
      Object v = o.getValue();
      if (v != null) {
        flags.put(o.longestName().replaceFirst("^--", ""), String.valueOf(v));
      }
    }
    return flags;
  }
}
