package io.talus.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code talus version}: the Talus and Java versions, for bug reports. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    versionProvider = TalusVersion.class,
    description = "Print the Talus version and the Java runtime it runs on.")
final class VersionCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    TalusVersion.lines().forEach(out::println);
    out.flush();
    return 0;
  }
}
