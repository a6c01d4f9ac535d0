package io.talus.agent.core;

import io.talus.agent.containerizer.LaunchSpec.ResourceLimits;
import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.Environment;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.protocol.time.MesosDurations;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The argv, environment and limits of the processes the agent starts, as a Mesos agent sets them. */
final class Environments {

  private Environments() {}

  /** {@code shell} (the default) runs {@code /bin/sh -c value}; otherwise value is the executable. */
  static List<String> argv(CommandInfo command) {
    if (command.getShell()) {
      return List.of("/bin/sh", "-c", command.getValue());
    }
    List<String> argv = new ArrayList<>();
    argv.add(command.getValue());
    if (command.getArgumentsCount() > 1) {
      argv.addAll(command.getArgumentsList().subList(1, command.getArgumentsCount()));
    }
    return argv;
  }

  /** Why the agent cannot run this command as asked, if it cannot. */
  static Optional<String> unsupported(CommandInfo command) {
    if (command.getUrisCount() > 0) {
      return Optional.of("CommandInfo.uris needs the Mesos fetcher, which this agent does not have");
    }
    if (!command.getShell() && command.getValue().isEmpty()) {
      return Optional.of("CommandInfo.value must name the executable when shell is false");
    }
    return Optional.empty();
  }

  /** The variables every process of a framework's executor or task sees. */
  static Map<String, String> base(AgentState s, String frameworkId, String executorId, Path sandbox) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    env.put("MESOS_FRAMEWORK_ID", frameworkId);
    env.put("MESOS_EXECUTOR_ID", executorId);
    env.put("MESOS_DIRECTORY", sandbox.toString());
    env.put("MESOS_SANDBOX", sandbox.toString());
    env.put("MESOS_AGENT_ENDPOINT", hostPort(s.endpoint));
    env.put("MESOS_SLAVE_PID", "slave(1)@" + hostPort(s.endpoint));
    s.agentId().ifPresent(id -> {
      env.put("MESOS_SLAVE_ID", id);
      env.put("MESOS_AGENT_ID", id);
    });
    return env;
  }

  /** A custom executor's environment, with the executor API's recovery settings. */
  static Map<String, String> executor(AgentState s, String frameworkId, String executorId, Path sandbox,
      boolean checkpoint, CommandInfo command) {
    Map<String, String> env = base(s, frameworkId, executorId, sandbox);
    env.put("MESOS_CHECKPOINT", checkpoint ? "1" : "0");
    env.put("MESOS_HTTP_COMMAND_EXECUTOR", "0");
    env.put("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", MesosDurations.format(s.config.executorShutdownGracePeriod()));
    if (checkpoint) {
      env.put("MESOS_RECOVERY_TIMEOUT", MesosDurations.format(s.config.recoveryTimeout()));
      env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs");
    }
    addCommandVariables(env, command);
    return env;
  }

  static Map<String, String> task(AgentState s, String frameworkId, String executorId, String taskId,
      Path sandbox, CommandInfo command) {
    Map<String, String> env = base(s, frameworkId, executorId, sandbox);
    env.put("MESOS_TASK_ID", taskId);
    addCommandVariables(env, command);
    return env;
  }

  private static void addCommandVariables(Map<String, String> env, CommandInfo command) {
    for (Environment.Variable v : command.getEnvironment().getVariablesList()) {
      env.put(v.getName(), v.getValue());
    }
  }

  static ResourceLimits limits(List<Resource> resources) {
    double cpus = 0;
    double memMb = 0;
    for (Resource r : resources) {
      if (r.getName().equals("cpus") && r.hasScalar()) {
        cpus += r.getScalar().getValue();
      } else if (r.getName().equals("mem") && r.hasScalar()) {
        memMb += r.getScalar().getValue();
      }
    }
    return new ResourceLimits(cpus, (long) (memMb * 1024 * 1024));
  }

  static String hostPort(String endpoint) {
    URI uri = URI.create(endpoint);
    return uri.getHost() + ":" + uri.getPort();
  }
}
