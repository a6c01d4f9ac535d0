package io.talus.cli.local;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.talus.master.testing.Http;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code talus local} in a JVM of its own, started as a user starts it, on a base port in
 * 20000-27999 (below Linux's ephemeral ports, which other tests' servers take, and the agents' task
 * ports). Its output goes to a file next to that directory; {@link #close} kills whatever a failed test left
 * and deletes the directory.
 */
final class LocalClusterProcess implements AutoCloseable {

  static final Duration START = Duration.ofSeconds(120);
  static final String READY = "bin/talus execute --master ";
  /** Small, quickly started JVMs: the nodes inherit these options. */
  static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx384m");

  private final Path dir;
  private final Path outputFile;
  private final Process process;

  private LocalClusterProcess(Path dir, List<String> argv) throws IOException {
    this.dir = dir;
    // A file, not a pipe: a pipe read while the process exits may lose its last lines ("Stream closed").
    this.outputFile = dir.resolveSibling(dir.getFileName() + ".out");
    this.process = new ProcessBuilder(argv)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(outputFile.toFile())
        .redirectErrorStream(true)
        .start();
  }

  /** Starts {@code talus local} in a fresh directory and waits until it is ready. */
  static LocalClusterProcess startReady(int masters, int agents) throws IOException {
    LocalClusterProcess local = start(masters, agents, Files.createTempDirectory("talus-local-test-"));
    if (!local.ready()) {
      String output = String.join("\n", local.output());
      local.close();
      throw new AssertionError("talus local did not start (exit code " + local.process.exitValue() + "):\n" + output);
    }
    return local;
  }

  /**
   * Starts {@code talus local} in {@code dir} on a random base port (another when that one's ports
   * are taken) and waits until it is ready or has exited.
   */
  static LocalClusterProcess start(int masters, int agents, Path dir) throws IOException {
    Random random = new Random();
    for (int attempt = 1; ; attempt++) {
      int basePort = 20000 + 20 * random.nextInt(400);
      LocalClusterProcess local = new LocalClusterProcess(dir, List.copyOf(argv(masters, agents, basePort, dir)));
      local.awaitReadyOrExit();
      if (local.ready() || attempt == 3 || local.output().stream().noneMatch(l -> l.contains("already in use"))) {
        return local;
      }
    }
  }

  private static List<String> argv(int masters, int agents, int basePort, Path dir) {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(JVM_OPTIONS);
    argv.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.talus.cli.TalusCommand", "local",
        "--masters", Integer.toString(masters), "--agents", Integer.toString(agents),
        "--base-port", Integer.toString(basePort), "--work_dir", dir.toString()));
    return argv;
  }

  private void awaitReadyOrExit() {
    await("talus local ready or gone").atMost(START).pollInterval(Duration.ofMillis(100))
        .until(() -> ready() || !process.isAlive());
    if (!ready()) {
      awaitQuietly(process);
    }
  }

  boolean ready() {
    return output().stream().anyMatch(l -> l.contains(READY));
  }

  Path dir() {
    return dir;
  }

  Process process() {
    return process;
  }

  /** Its stdout and stderr so far. */
  List<String> output() {
    try {
      return new String(Files.readAllBytes(outputFile), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      return List.of("(no output: " + e + ")");
    }
  }

  JsonNode clusterJson() {
    try {
      return Http.MAPPER.readTree(dir.resolve("cluster.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The leader's base URL, as the masters' {@code /master/redirect} names it. */
  String leader() {
    List<String> masters = new ArrayList<>();
    clusterJson().get("masters").forEach(m -> masters.add(m.get("http").asText()));
    return await("a leader").atMost(Duration.ofSeconds(30)).until(() -> Http.leaderFrom(masters), Optional::isPresent)
        .orElseThrow();
  }

  /** SIGTERM, and its exit code once it exited. */
  int terminate(Duration within) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("talus local still runs " + within.toSeconds() + "s after SIGTERM:\n"
          + String.join("\n", output()));
    }
    return process.exitValue();
  }

  /** The live processes (this JVM and its ancestors aside) that work in or name the cluster's directory. */
  List<ProcTable.Proc> processesUnderDir() {
    List<Long> spared = new ArrayList<>();
    for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
      spared.add(p.get().pid());
    }
    return ProcTable.all().stream().filter(p -> p.live() && !spared.contains(p.pid()) && p.under(dir)).toList();
  }

  /** Whatever a failed test left running goes, then the directory. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      awaitQuietly(process);
    }
    output().forEach(l -> System.out.println("[talus local] " + l));
    new ProcessReaper(List.of(dir)).reap(Duration.ofSeconds(20));
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.out.println("could not delete " + dir + ": " + e);
    }
    try {
      Files.deleteIfExists(outputFile);
    } catch (IOException e) {
      System.out.println("could not delete " + outputFile + ": " + e);
    }
  }

  private static void awaitQuietly(Process process) {
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
