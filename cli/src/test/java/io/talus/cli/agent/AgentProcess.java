package io.talus.cli.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.talus.cli.local.ProcTable;
import io.talus.cli.local.ProcessReaper;
import io.talus.master.testing.Http;
import io.talus.master.testing.MasterCluster;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import static org.awaitility.Awaitility.await;

/**
 * A real {@code talus agent} in a JVM of its own, started the way an operator starts one: the
 * command line, the masters' gossip seeds and nothing else to find the leader. Its output goes to
 * {@code agent.log} in the test's directory, appended across restarts.
 *
 * <p>It can be killed as a crash kills it ({@link #kill9}) and started again with the very same
 * command line ({@link #restart}), on the same port and work dir. {@link #close} kills it and every
 * process it left behind: anything that runs in, or names, its work dir.
 */
public final class AgentProcess implements AutoCloseable {

  static final String RESOURCES = "cpus:4;mem:2048;disk:10000;ports:[31000-32000]";
  static final Duration KILL_GRACE = Duration.ofSeconds(1);
  static final Duration WAIT = Duration.ofSeconds(30);

  private final Path workDir;
  private final Path log;
  private final int port;
  private final List<String> argv;
  private Process process;

  private AgentProcess(Path dir, List<String> gossipSeeds) {
    this.workDir = dir.resolve("agent-work");
    this.log = dir.resolve("agent.log");
    this.port = MasterCluster.freePort();
    int gossipPort = MasterCluster.freePort();
    this.argv = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // A small, quickly started JVM: the agent does little work in these tests.
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"),
        "io.talus.cli.TalusCommand", "agent",
        "--ip", "127.0.0.1",
        "--port", Integer.toString(port),
        "--gossip_port", Integer.toString(gossipPort),
        "--gossip_seeds", String.join(",", gossipSeeds),
        "--work_dir", workDir.toString(),
        "--resources", RESOURCES,
        "--status_update_retry_interval_min", "1secs",
        "--status_update_retry_interval_max", "2secs",
        "--kill_grace_period", KILL_GRACE.toSeconds() + "secs",
        "--executor_reregistration_timeout", "5secs");
  }

  /** Starts an agent that joins gossip through {@code gossipSeeds} ({@code host:port} each). */
  static AgentProcess start(Path dir, List<String> gossipSeeds) {
    AgentProcess agent = new AgentProcess(dir, gossipSeeds);
    agent.launch();
    return agent;
  }

  /** Starts an agent whose gossip seeds are every master of {@code cluster}. */
  static AgentProcess start(Path dir, MasterCluster cluster) {
    return start(dir, cluster.masters().stream().map(m -> m.membership().address()).toList());
  }

  private void launch() {
    try {
      Files.createDirectories(log.getParent());
      Files.writeString(log, "==== test: starting " + String.join(" ", argv.subList(argv.indexOf("agent"),
          argv.size())) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      process = new ProcessBuilder(argv)
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the agent", e);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public Path workDir() {
    return workDir;
  }

  boolean running() {
    return process != null && process.isAlive();
  }

  // ---- what the agent says over HTTP ----

  JsonNode state() {
    Http.Reply r = Http.get(endpoint() + "/state");
    if (r.status() != 200) {
      throw new IllegalStateException("GET /state: " + r);
    }
    return r.json();
  }

  /** Waits until the agent has recovered and is registered with a master; returns its id. */
  String awaitRegistered() {
    // Not answering yet, or answering 503 while it starts: wait; exited: fail at once.
    return await("the agent at " + endpoint() + " registered").atMost(WAIT).pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsMatching(e -> e instanceof UncheckedIOException || e instanceof IllegalStateException)
        .until(() -> {
          failIfExited();
          JsonNode s = state();
          return s.path("registered").asBoolean() && !s.path("recovering").asBoolean() && s.has("id")
              ? s.get("id").asText() : null;
        }, id -> id != null);
  }

  private void failIfExited() {
    if (!process.isAlive()) {
      throw new AssertionError("the agent exited with " + process.exitValue() + ":\n" + logTail(60));
    }
  }

  /** The executor's entry in {@code /state}, whether it runs or has completed. */
  Optional<JsonNode> executor(String frameworkId, String executorId) {
    JsonNode s = state();
    return Stream.concat(stream(s.path("frameworks")), stream(s.path("completed_frameworks")))
        .filter(f -> f.path("id").asText().equals(frameworkId))
        .flatMap(f -> Stream.concat(stream(f.path("executors")), stream(f.path("completed_executors"))))
        .filter(e -> e.path("id").asText().equals(executorId))
        .findFirst();
  }

  /** The sandbox of an executor (for a command task, the executor id is the task id). */
  public Path sandbox(String frameworkId, String executorId) {
    return await("the sandbox of executor " + executorId).atMost(WAIT).ignoreExceptions()
        .until(() -> executor(frameworkId, executorId), Optional::isPresent)
        .map(e -> Path.of(e.get("directory").asText())).orElseThrow();
  }

  /** {@code GET /files/read} of a whole file: its text. */
  String readFile(Path path) {
    Http.Reply r = Http.get(endpoint() + "/files/read?offset=0&path="
        + URLEncoder.encode(path.toString(), StandardCharsets.UTF_8));
    if (r.status() != 200) {
      throw new AssertionError("GET /files/read of " + path + ": " + r);
    }
    return r.json().get("data").asText();
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out.stream();
  }

  // ---- its log ----

  String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no agent log: " + e + ")";
    }
  }

  String logTail(int lines) {
    List<String> all = log().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  // ---- crashes and restarts ----

  /** SIGKILL, as a crash: no shutdown hook runs, tasks are left as they are. Returns the exit code. */
  int kill9() {
    // On Linux destroyForcibly() is kill(pid, SIGKILL); the exit code 128 + 9 shows it was.
    process.destroyForcibly();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the agent survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return process.exitValue();
  }

  /** Starts the agent again with the same command line (same ports, same work dir). */
  void restart() {
    if (process.isAlive()) {
      throw new IllegalStateException("the agent still runs");
    }
    launch();
  }

  /** Kills the agent and every process it left behind, and waits until they are gone. */
  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      kill9();
    }
    killLeftovers(workDir);
  }

  /**
   * Kills, by SIGKILL to their process groups, the processes that run in or name {@code dir}:
   * task supervisors, tasks and executors. Never this JVM's own group (the agent's JVM was in it)
   * nor this JVM or its ancestors.
   */
  static void killLeftovers(Path dir) {
    List<ProcTable.Proc> left = new ProcessReaper(List.of(dir)).reap(Duration.ofSeconds(20));
    if (!left.isEmpty()) {
      throw new AssertionError("processes left in " + dir + ": " + left);
    }
  }

}
