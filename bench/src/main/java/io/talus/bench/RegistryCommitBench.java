package io.talus.bench;

import com.google.protobuf.ByteString;
import io.talus.consensus.ConsensusConfig;
import io.talus.consensus.ConsensusServer;
import io.talus.consensus.FatalErrorHandler;
import io.talus.consensus.RegistryClient;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.registry.AcknowledgeTaskStatus;
import io.talus.protocol.registry.LaunchTasks;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegisterAgent;
import io.talus.protocol.registry.RegisterFramework;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.UpdateTaskStatus;
import io.talus.storage.SnapshotStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * Committed registry ops per second through a 3-peer Ratis group on this box, at several numbers of
 * ops in flight, with latency percentiles.
 *
 * <p>Each in-flight slot is a closed loop that walks one task through a real master's ops: launch,
 * RUNNING (with a uuid), acknowledge, FINISHED, acknowledge (which retires the task), then the next
 * task. Peers fsync their logs (Ratis defaults). Run: {@code java -cp bench/target/talus-bench.jar
 * io.talus.bench.RegistryCommitBench [--in-flight 1,16,256] [--seconds 10] [--warmup-seconds 10]
 * [--entries-in-flight 4]}.
 */
public final class RegistryCommitBench {

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    List<Integer> levels = new ArrayList<>();
    for (String s : opts.getOrDefault("in-flight", "1,16,256").split(",")) {
      levels.add(Integer.parseInt(s.trim()));
    }
    Duration measure = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("seconds", "10")));
    Duration warmup = Duration.ofSeconds(Long.parseLong(opts.getOrDefault("warmup-seconds", "10")));
    int entries = Integer.parseInt(opts.getOrDefault("entries-in-flight",
        String.valueOf(RegistryClient.DEFAULT_ENTRIES_IN_FLIGHT)));
    List<Row> rows = run(levels, warmup, measure, entries);
    System.out.println();
    System.out.println(table(rows));
  }

  /** One measured level. */
  public record Row(int inFlight, long ops, double seconds, long entries, Histogram latencyNanos) {
    double opsPerSecond() {
      return ops / seconds;
    }
  }

  public static List<Row> run(List<Integer> levels, Duration warmup, Duration measure) throws Exception {
    return run(levels, warmup, measure, RegistryClient.DEFAULT_ENTRIES_IN_FLIGHT);
  }

  public static List<Row> run(List<Integer> levels, Duration warmup, Duration measure, int entriesInFlight)
      throws Exception {
    Path dir = Files.createTempDirectory("talus-commit-bench");
    Map<String, String> peers = new LinkedHashMap<>();
    for (String id : List.of("m1", "m2", "m3")) {
      peers.put(id, "127.0.0.1:" + freePort());
    }
    List<ConsensusServer> servers = new ArrayList<>();
    try {
      for (String id : peers.keySet()) {
        servers.add(ConsensusServer.start(ConsensusConfig.of(id, peers, dir.resolve(id)),
            FatalErrorHandler.HALT));
      }
      try (RegistryClient client = RegistryClient.connect("talus", peers, "bench", entriesInFlight)) {
        awaitClusterId(client);
        Load load = new Load(client);
        if (!warmup.isZero()) {
          System.out.printf("warm-up: %d s at 256 in flight%n", warmup.toSeconds());
          load.run(256, warmup);
        }
        List<Row> rows = new ArrayList<>();
        for (int level : levels) {
          Row row = load.run(level, measure);
          System.out.printf(Locale.ROOT, "in-flight %4d: %,.0f ops/s, p50 %.2f ms, p99 %.2f ms%n", level,
              row.opsPerSecond(), row.latencyNanos().getValueAtPercentile(50) / 1e6,
              row.latencyNanos().getValueAtPercentile(99) / 1e6);
          rows.add(row);
        }
        return rows;
      }
    } finally {
      for (ConsensusServer s : servers) {
        s.close();
      }
      SnapshotStore.deleteTree(dir);
    }
  }

  public static String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-10s %12s %10s %10s %10s %10s %12s%n",
        "in-flight", "ops/s", "p50 ms", "p99 ms", "max ms", "entries", "ops/entry"));
    for (Row r : rows) {
      Histogram h = r.latencyNanos();
      sb.append(String.format(Locale.ROOT, "%-10d %,12.0f %10.2f %10.2f %10.2f %10d %12.1f%n",
          r.inFlight(), r.opsPerSecond(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
          h.getMaxValue() / 1e6, r.entries(), r.entries() == 0 ? 0.0 : (double) r.ops() / r.entries()));
    }
    return sb.toString();
  }

  private static void awaitClusterId(RegistryClient client) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!client.status(false).get(60, TimeUnit.SECONDS).hasClusterId()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the group elected no leader that initialized the cluster");
      }
      Thread.sleep(50);
    }
  }

  /** Closed-loop load: each slot has exactly one op outstanding. */
  static final class Load {
    private final RegistryClient client;
    private final AgentID agent;
    private final FrameworkID framework;
    private final AtomicLong taskSeq = new AtomicLong();

    Load(RegistryClient client) throws Exception {
      this.client = client;
      this.agent = client.submit(op(RegistryOp.newBuilder().setRegisterAgent(RegisterAgent.newBuilder()
          .setAgentInfo(AgentInfo.newBuilder().setHostname("bench-agent"))))).get(30, TimeUnit.SECONDS)
          .getAccepted().getAgentId();
      this.framework = client.submit(op(RegistryOp.newBuilder().setRegisterFramework(RegisterFramework.newBuilder()
          .setFrameworkInfo(FrameworkInfo.newBuilder().setUser("bench").setName("bench")))))
          .get(30, TimeUnit.SECONDS).getAccepted().getFrameworkId();
    }

    Row run(int inFlight, Duration duration) throws InterruptedException {
      Recorder recorder = new Recorder(3);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong ops = new AtomicLong();
      AtomicLong failures = new AtomicLong();
      CountDownLatch done = new CountDownLatch(inFlight);
      long entriesBefore = client.entriesSent();
      long start = System.nanoTime();
      for (int i = 0; i < inFlight; i++) {
        new Slot(recorder, stop, ops, failures, done).next();
      }
      Thread.sleep(duration.toMillis());
      stop.set(true);
      long elapsed = System.nanoTime() - start;
      if (!done.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("ops still outstanding a minute after the run ended");
      }
      if (failures.get() > 0) {
        throw new IllegalStateException(failures.get() + " ops failed or were rejected");
      }
      return new Row(inFlight, ops.get(), elapsed / 1e9, client.entriesSent() - entriesBefore,
          recorder.getIntervalHistogram());
    }

    /** One closed loop walking task after task through launch, RUNNING, ack, FINISHED, ack. */
    private final class Slot {
      private final Recorder recorder;
      private final AtomicBoolean stop;
      private final AtomicLong ops;
      private final AtomicLong failures;
      private final CountDownLatch done;
      private TaskID task;
      private int step;
      private ByteString uuid;

      Slot(Recorder recorder, AtomicBoolean stop, AtomicLong ops, AtomicLong failures, CountDownLatch done) {
        this.recorder = recorder;
        this.stop = stop;
        this.ops = ops;
        this.failures = failures;
        this.done = done;
      }

      void next() {
        if (stop.get()) {
          done.countDown();
          return;
        }
        RegistryOp op = nextOp();
        long t0 = System.nanoTime();
        client.submit(op).whenComplete((OpResult r, Throwable e) -> {
          recorder.recordValue(System.nanoTime() - t0);
          ops.incrementAndGet();
          if (e != null || !r.hasAccepted()) {
            failures.incrementAndGet();
            stop.set(true);
          }
          next();
        });
      }

      private RegistryOp nextOp() {
        RegistryOp.Builder b = RegistryOp.newBuilder();
        switch (step) {
          case 0 -> {
            task = TaskID.newBuilder().setValue("task-" + taskSeq.incrementAndGet()).build();
            b.setLaunchTasks(LaunchTasks.newBuilder().setFrameworkId(framework).setAgentId(agent)
                .addTasks(TaskInfo.newBuilder().setName("bench").setTaskId(task).setAgentId(agent)));
          }
          case 1, 3 -> {
            uuid = ByteString.copyFrom(ByteBuffer.allocate(16).putLong(taskSeq.get()).putLong(step).array());
            b.setUpdateTaskStatus(UpdateTaskStatus.newBuilder().setFrameworkId(framework)
                .setStatus(TaskStatus.newBuilder().setTaskId(task).setAgentId(agent)
                    .setState(step == 1 ? TaskState.TASK_RUNNING : TaskState.TASK_FINISHED)
                    .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setUuid(uuid)));
          }
          default -> b.setAcknowledgeTaskStatus(AcknowledgeTaskStatus.newBuilder().setFrameworkId(framework)
              .setTaskId(task).setUuid(uuid));
        }
        step = (step + 1) % 5;
        return op(b);
      }
    }
  }

  private static RegistryOp op(RegistryOp.Builder b) {
    long now = System.currentTimeMillis() * 1_000_000L;
    return b.setTimeNanos(now).build();
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "usage: [--in-flight 1,16,256] [--seconds N] [--warmup-seconds N] [--entries-in-flight N]");
      }
      out.put(args[i].substring(2), args[++i]);
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
