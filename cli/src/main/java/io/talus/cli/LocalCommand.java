package io.talus.cli;

import io.talus.cli.local.LocalCluster;
import io.talus.cli.local.LocalLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code talus local}: a whole cluster on this machine, each master and agent a process of its
 * own, until SIGINT or SIGTERM. Exit codes: 0 after a clean stop, 1 if it could not start, 2 bad
 * flags.
 */
@Command(
    name = "local",
    mixinStandardHelpOptions = true,
    versionProvider = TalusVersion.class,
    description = {
        "Run a cluster on this machine: masters and agents as processes on 127.0.0.1, started with this"
            + " JVM's options. It waits until a leader is elected and every agent is registered, writes"
            + " DIR/cluster.json (each node's id, pid, HTTP URL and the cmd that restarts it), and stays"
            + " up until Ctrl-C or SIGTERM; then it stops every node and every task they started.",
        "",
        "Ports: masters HTTP base+i, Raft base+1000+i, gossip base+2000+i; agents HTTP base+10+j,"
            + " gossip base+2010+j, task ports 31000+100j to 31099+100j. Logs: DIR/<node>/node.log."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:stopped cleanly", "1:could not start", "2:bad flags"})
final class LocalCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--masters", defaultValue = "3", description = "Masters (a Raft group), 1 to "
      + LocalLayout.MAX_MASTERS + ". Default: ${DEFAULT-VALUE}.")
  int masters;

  @Option(names = "--agents", defaultValue = "2", description = "Agents, 0 to " + LocalLayout.MAX_AGENTS
      + ". Default: ${DEFAULT-VALUE}.")
  int agents;

  @Option(names = "--base-port", defaultValue = "5050", description = "The first master's HTTP port; every other"
      + " port follows from it. Default: ${DEFAULT-VALUE}.")
  int basePort;

  @Option(names = "--work_dir", description = "Where the nodes' work dirs, logs and cluster.json go."
      + " Default: a fresh temporary directory.")
  Path workDir;

  @Option(names = "--start_timeout", converter = DurationConverter.class, defaultValue = "2mins",
      description = "How long the cluster may take to get a leader and register every agent."
          + " Default: ${DEFAULT-VALUE}.")
  Duration startTimeout;

  @Override
  public Integer call() throws Exception {
    LocalCluster.Settings settings = new LocalCluster.Settings(masters, agents, basePort,
        Optional.ofNullable(workDir), startTimeout, TalusCommand.class.getName());
    try {
      return LocalCluster.run(settings, spec.commandLine().getOut(), spec.commandLine().getErr());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
