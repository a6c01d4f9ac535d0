package io.talus.bench.agent;

import ch.qos.logback.classic.Level;
import io.talus.bench.agent.LaunchingFramework.Batch;
import io.talus.master.MasterConfig;
import io.talus.master.MasterDaemon;
import io.talus.membership.MembershipConfig;
import io.talus.storage.SnapshotStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How fast one real agent launches command tasks, and what it and its tasks weigh. One master runs
 * in this JVM (a single-peer Raft group), the agent in a JVM of its own ({@code talus agent}, as
 * deployed), and a minimal v1 HTTP scheduler drives it:
 *
 * <ol>
 *   <li>{@code --tasks} tasks of {@code sleep 600}, as many per ACCEPT as the offers hold: RUNNING
 *       updates per second from the first ACCEPT, and ACCEPT→RUNNING latency; then all killed.
 *   <li>{@code --tasks} tasks of {@code true}: FINISHED updates per second from the first ACCEPT.
 *   <li>{@code --running} tasks of {@code sleep 600}: the agent's RSS and heap, and the RSS and PSS
 *       of the supervisors and tasks per task; then all killed.
 * </ol>
 *
 * <p>Every update is acknowledged as soon as it arrives: the agent sends a task's next update only
 * once the one before it is acknowledged.
 * Run: {@code java -cp bench/target/talus-bench.jar io.talus.bench.agent.AgentLaunchBench [--tasks
 * 400] [--running 200] [--out bench/results/agent-launch-<date>.json] [--dir DIR] [--agent-log FILE]}.
 */
@Command(name = "agent-launch-bench", mixinStandardHelpOptions = true,
    description = "Command tasks launched per second on one real agent, and its memory with tasks running.")
public final class AgentLaunchBench implements Callable<Integer> {

  static final String AGENT_RESOURCES = "cpus:64;mem:65536;disk:100000;ports:[31000-32000]";
  private static final Duration STARTUP = Duration.ofSeconds(60);

  @Spec CommandSpec spec;

  @Option(names = "--tasks", defaultValue = "400", description = "Tasks per launch phase. Default: ${DEFAULT-VALUE}.")
  int tasks;

  @Option(names = "--running", defaultValue = "200",
      description = "Tasks running while memory is measured. Default: ${DEFAULT-VALUE}.")
  int running;

  @Option(names = "--out", description = "JSON results. Default: bench/results/agent-launch-<date>.json.")
  Path out;

  @Option(names = "--dir", description = "Where to make the run's temporary directory, which holds the"
      + " master's and the agent's work dirs (its disk's fsyncs are part of what is measured)."
      + " Default: java.io.tmpdir.")
  Path baseDir;

  @Option(names = "--agent-log", description = "Keep the agent's log here (it is deleted with the temp dir otherwise).")
  Path agentLog;

  public static void main(String[] args) {
    // The in-process master's INFO lines would bury the progress line; the agent logs to its own file.
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
        .setLevel(Level.WARN);
    System.exit(new CommandLine(new AgentLaunchBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (tasks < 1 || running < 1) {
      throw new ParameterException(spec.commandLine(), "--tasks and --running must be positive");
    }
    Path target = out != null ? out : Path.of("bench", "results", "agent-launch-" + LocalDate.now() + ".json");
    AgentLaunchReport report = run(baseDir, tasks, running, agentLog);
    System.out.println();
    System.out.print(report.table());
    report.write(target);
    System.err.println("wrote " + target);
    return 0;
  }

  /** Runs the three phases against a fresh master and agent and cleans everything up. */
  public static AgentLaunchReport run(Path baseDir, int tasks, int running, Path keepAgentLog) throws Exception {
    Path dir = (baseDir == null ? Files.createTempDirectory("talus-agent-bench")
        : Files.createTempDirectory(Files.createDirectories(baseDir), "talus-agent-bench")).toRealPath();
    Path workDir = Files.createDirectories(dir.resolve("agent-work"));
    Path log = dir.resolve("agent.log");
    MasterDaemon master = null;
    AgentProcess agent = null;
    LaunchingFramework framework = null;
    try {
      int masterGossip = freePort();
      master = startMaster(dir.resolve("master"), masterGossip);
      awaitLeader(master);
      agent = AgentProcess.start(workDir, freePort(), freePort(), "127.0.0.1:" + masterGossip, AGENT_RESOURCES, log);
      framework = LaunchingFramework.subscribe(master.httpEndpoint());
      framework.awaitAgent(STARTUP, agent::whyDead);
      return measure(framework, agent, workDir, tasks, running);
    } finally {
      // Each step on its own, so that one failing neither hides why the run failed nor leaves tasks
      // behind. The master goes first: it would log every gossip ping to a killed agent until closed.
      LaunchingFramework f = framework;
      AgentProcess a = agent;
      MasterDaemon m = master;
      cleanUp("closing the subscription", () -> {
        if (f != null) {
          f.close();
        }
      });
      cleanUp("closing the master", () -> {
        if (m != null) {
          m.close();
        }
      });
      cleanUp("killing the agent", () -> {
        if (a != null) {
          a.close();
        }
      });
      cleanUp("killing the tasks", () -> SandboxProcesses.killAll(workDir));
      cleanUp("removing the cgroups", () -> {
        if (a != null) {
          a.removeCgroups();
        }
      });
      cleanUp("keeping the agent log", () -> {
        if (keepAgentLog != null && Files.exists(log)) {
          Path parent = keepAgentLog.toAbsolutePath().getParent();
          if (parent != null) {
            Files.createDirectories(parent);
          }
          Files.copy(log, keepAgentLog, StandardCopyOption.REPLACE_EXISTING);
        }
      });
      cleanUp("deleting " + dir, () -> SnapshotStore.deleteTree(dir));
    }
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void cleanUp(String what, Step step) {
    try {
      step.run();
    } catch (Exception e) {
      System.err.println("agent launch bench: " + what + " failed: " + e);
    }
  }

  private static AgentLaunchReport measure(LaunchingFramework framework, AgentProcess agent, Path workDir,
      int tasks, int running) throws Exception {
    long rssIdle = agent.rssKiB();
    long heapLiveIdle = agent.heapLiveKiB();

    Batch sleeps = framework.launch("sleep", tasks, "sleep 600", phaseTimeout(tasks));
    await(framework, agent, sleeps, () -> sleeps.running.get() == tasks, tasks);
    long killStart = System.nanoTime();
    framework.kill(sleeps);
    await(framework, agent, sleeps, () -> sleeps.killed.get() == tasks, tasks);

    Batch trues = framework.launch("true", tasks, "true", phaseTimeout(tasks));
    await(framework, agent, trues, () -> trues.finished.get() == tasks, tasks);

    Batch held = framework.launch("held", running, "sleep 600", phaseTimeout(running));
    await(framework, agent, held, () -> held.running.get() == running, running);
    long rssRunning = agent.rssKiB();
    List<SandboxProcesses.Proc> sandbox = SandboxProcesses.under(workDir, Set.of(agent.pid()));
    long heapUsed = agent.heapUsedKiB();
    long heapLive = agent.heapLiveKiB();
    framework.kill(held);
    await(framework, agent, held, () -> held.killed.get() == running, running);
    framework.teardown();

    long[] latencies = sleeps.tasks.stream().mapToLong(t -> t.runningNanos - t.acceptedNanos).sorted().toArray();
    long[] starting = sleeps.tasks.stream().mapToLong(t -> t.startingNanos - t.acceptedNanos).sorted().toArray();
    return new AgentLaunchReport(
        LocalDate.now().toString(), machine(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"), agent.isolation(), tasks,
        perSecond(tasks, sleeps.firstAcceptNanos, sleeps.lastRunningNanos),
        perSecond(tasks, trues.firstAcceptNanos, trues.lastEndedNanos),
        perSecond(tasks, killStart, sleeps.lastEndedNanos),
        millis(starting[0]), millis(percentile(starting, 50)),
        millis(percentile(latencies, 50)), millis(percentile(latencies, 99)),
        millis(latencies[latencies.length - 1]),
        running, rssIdle / 1024.0, rssRunning / 1024.0, heapLiveIdle / 1024.0, heapUsed / 1024.0,
        heapLive / 1024.0,
        sandbox.size(),
        sandbox.stream().mapToLong(SandboxProcesses.Proc::rssKiB).sum() / (double) running,
        sandbox.stream().mapToLong(SandboxProcesses.Proc::pssKiB).sum() / (double) running);
  }

  private static Duration phaseTimeout(int tasks) {
    return STARTUP.plusMillis(250L * tasks);
  }

  private static void await(LaunchingFramework framework, AgentProcess agent, Batch batch,
      BooleanSupplier done, int tasks) throws InterruptedException {
    long start = System.nanoTime();
    framework.await(batch.name, done, phaseTimeout(tasks),
        () -> System.err.printf(Locale.ROOT, "\r%s  (%.1f s)   ", batch.progress(), (System.nanoTime() - start) / 1e9),
        agent::whyDead);
    System.err.println();
  }

  /** Nearest rank. */
  static long percentile(long[] sorted, double p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static double perSecond(int count, long fromNanos, long toNanos) {
    return count / ((toNanos - fromNanos) / 1e9);
  }

  private static double millis(long nanos) {
    return nanos / 1e6;
  }

  private static MasterDaemon startMaster(Path dir, int gossipPort) throws IOException {
    MembershipConfig gossip = MembershipConfig.builder()
        .host("127.0.0.1").port(gossipPort).shutdownTimeout(Duration.ofMillis(500)).build();
    return MasterDaemon.start(MasterConfig.builder("m1", dir, Map.of("m1", "127.0.0.1:" + freePort()))
        .ip("127.0.0.1").port(0).gossip(gossip).build());
  }

  private static void awaitLeader(MasterDaemon master) throws InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (!master.isLeader()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the master did not become leader within " + STARTUP.toSeconds() + " s");
      }
      Thread.sleep(50);
    }
  }

  private static String machine() {
    String cpu = "";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8).stream()
          .filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim() + ", ").orElse("");
    } catch (IOException e) {
      // the model is a nicety
    }
    return cpu + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
