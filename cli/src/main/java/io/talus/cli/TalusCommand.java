package io.talus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code talus}: the top-level command. On its own it prints usage; the work is in subcommands.
 * Exit codes are picocli's: 0 success, 1 a command failed, 2 a usage error.
 */
@Command(
    name = "talus",
    mixinStandardHelpOptions = true,
    versionProvider = TalusVersion.class,
    description = "A Mesos-compatible cluster resource manager: Raft masters, gossip membership.",
    subcommands = {MasterCommand.class, AgentCommand.class, LocalCommand.class, StateCommand.class, ExecuteCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class TalusCommand implements Runnable {

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for {@link #main} and tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new TalusCommand());
  }

  @Override
  public void run() {
    // Without a subcommand there is nothing to do but show what there is.
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
