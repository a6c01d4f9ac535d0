package io.talus.bench.agent;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real {@code talus agent} in a JVM of its own, started from this JVM's class path, with its log
 * in a file; and what it weighs: RSS from {@code /proc}, heap from {@code jcmd}.
 */
final class AgentProcess implements AutoCloseable {

  static final String MAX_HEAP = "-Xmx256m";

  private static final String ISOLATION = "agent isolation:";
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private static final Path CGROUP_FS = Path.of("/sys/fs/cgroup");

  private final Process process;
  private final Path log;
  private final String cgroupsRoot;

  private AgentProcess(Process process, Path log, String cgroupsRoot) {
    this.process = process;
    this.log = log;
    this.cgroupsRoot = cgroupsRoot;
  }

  /**
   * Starts {@code talus agent} on 127.0.0.1 with {@code workDir}, joining the cluster through the
   * gossip member at {@code gossipSeed}; stdout and stderr go to {@code log}. Its containers'
   * cgroups (when the machine allows them) go under a root of this run's own, which {@link
   * #removeCgroups} deletes.
   */
  static AgentProcess start(Path workDir, int port, int gossipPort, String gossipSeed, String resources, Path log)
      throws IOException {
    String cgroupsRoot = "talus-bench-" + ProcessHandle.current().pid() + "-" + port;
    List<String> command = new ArrayList<>(List.of(
        javaTool("java"), MAX_HEAP, "-cp", absoluteClassPath(),
        "io.talus.cli.TalusCommand", "agent",
        "--ip", "127.0.0.1",
        "--port", Integer.toString(port),
        "--gossip_port", Integer.toString(gossipPort),
        "--gossip_seeds", gossipSeed,
        "--work_dir", workDir.toString(),
        "--resources", resources,
        "--cgroups_root", cgroupsRoot));
    Process p = new ProcessBuilder(command)
        .directory(log.getParent().toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .start();
    return new AgentProcess(p, log, cgroupsRoot);
  }

  /** This JVM's class path, made absolute: the agent runs in another directory. */
  private static String absoluteClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.isEmpty())
        .map(e -> Path.of(e).toAbsolutePath().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }

  long pid() {
    return process.pid();
  }

  /** Null while the agent runs; why it is no use any more otherwise. */
  String whyDead() {
    if (process.isAlive()) {
      return null;
    }
    return "the agent exited with " + process.exitValue() + "; its log ends:\n" + logTail();
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** What the agent said it isolates tasks with, from its start-up log line. */
  String isolation() {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
          .map(l -> l.indexOf(ISOLATION) < 0 ? null : l.substring(l.indexOf(ISOLATION) + ISOLATION.length()).strip())
          .filter(Objects::nonNull).findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  long rssKiB() {
    return SandboxProcesses.kib(Path.of("/proc", Long.toString(pid()), "status"), "VmRSS:");
  }

  /** Heap in use now, garbage included, in KiB. */
  long heapUsedKiB() throws IOException, InterruptedException {
    return heapUsed(jcmd("GC.heap_info"));
  }

  /** Heap still in use after a full collection (which this forces), in KiB. */
  long heapLiveKiB() throws IOException, InterruptedException {
    jcmd("GC.run");
    return heapUsedKiB();
  }

  /**
   * The sum of the heap's "used NK" figures in {@code GC.heap_info}, which is one line for G1 and
   * one per generation for the others; Metaspace and what follows it is not heap.
   */
  static long heapUsed(String heapInfo) {
    long used = 0;
    for (String line : heapInfo.split("\n")) {
      if (line.strip().startsWith("Metaspace")) {
        break;
      }
      Matcher m = USED.matcher(line);
      if (m.find()) {
        used += Long.parseLong(m.group(1));
      }
    }
    if (used == 0) {
      throw new IllegalStateException("no heap figure in GC.heap_info: " + heapInfo);
    }
    return used;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(javaTool("jcmd"), Long.toString(pid()), command)
        .redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("jcmd " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /**
   * Removes this run's cgroups from every hierarchy, children first; the agent removes each as its
   * container ends, so only a run that failed leaves any. Those still holding a process stay.
   */
  void removeCgroups() throws IOException {
    List<Path> roots = new ArrayList<>(List.of(CGROUP_FS.resolve(cgroupsRoot)));
    if (Files.isDirectory(CGROUP_FS)) {
      try (var hierarchies = Files.list(CGROUP_FS)) {
        hierarchies.map(h -> h.resolve(cgroupsRoot)).forEach(roots::add);
      }
    }
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (var all = Files.walk(root)) {
        // A cgroup's files cannot be deleted, only its directory, once it has no child.
        all.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).forEach(d -> d.toFile().delete());
      }
    }
  }

  /** A tool of the JDK running this bench, else the one on the PATH. */
  private static String javaTool(String name) {
    Path p = Path.of(System.getProperty("java.home"), "bin", name);
    return Files.isExecutable(p) ? p.toString() : name;
  }

  /** Kills the agent at once; its tasks live on (they are the caller's to kill). */
  @Override
  public void close() {
    process.destroyForcibly();
    try {
      process.waitFor(Duration.ofSeconds(10).toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
