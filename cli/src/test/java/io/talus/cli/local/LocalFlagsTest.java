package io.talus.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.talus.cli.TalusCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code talus local} says, and returns, before it starts anything. */
class LocalFlagsTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = TalusCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void helpShowsTheFlagsOfDesignMd() {
    assertThat(run("local", "--help")).isZero();
    assertThat(out.toString()).contains("--masters", "--agents", "--base-port", "--work_dir", "cluster.json");
  }

  @Test
  void badFlagsAreExitCodeTwo() {
    assertThat(run("local", "--masters", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--masters must be between 1 and 10, not 0");
    assertThat(run("local", "--base-port", "nope")).isEqualTo(2);
    assertThat(run("state")).as("--master is required").isEqualTo(2);
  }

  @Test
  void aTakenPortIsExitCodeOneAndNamed() throws Exception {
    Path dir = Files.createTempDirectory("talus-local-flags-");
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      int base = taken.getLocalPort() - 10;

      assertThat(run("local", "--masters", "1", "--agents", "1", "--base-port", Integer.toString(base),
          "--work_dir", dir.toString())).isEqualTo(1);

      assertThat(err.toString()).contains("talus local: could not start: already in use: ")
          .contains(taken.getLocalPort() + " (a1 http)").contains("pick another --base-port");
    } finally {
      Files.deleteIfExists(dir);
    }
  }
}
