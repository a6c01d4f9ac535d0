package io.talus.bench.agent;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.Filters;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.Protos.Value;
import io.talus.mesos.v1.scheduler.Protos.Call;
import io.talus.mesos.v1.scheduler.Protos.Event;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The bench's framework: launches batches of tiny command tasks into whatever the agent offers,
 * acknowledges every status update, and stamps when each task was accepted, became RUNNING and
 * ended. Events arrive on the subscription's reader thread; launches, kills and waits run on the
 * caller's.
 */
final class LaunchingFramework implements AutoCloseable {

  /** What each task asks for: small enough that hundreds fit on one agent. */
  static final double TASK_CPUS = 0.01;
  static final double TASK_MEM = 4;

  private volatile SchedulerConnection connection;
  private final BlockingQueue<Offer> offers = new LinkedBlockingQueue<>();
  private final Map<String, LaunchedTask> tasks = new ConcurrentHashMap<>();
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final Object progress = new Object();
  private final AtomicInteger batchSeq = new AtomicInteger();

  private LaunchingFramework() {}

  /** One task's timeline, in {@link System#nanoTime()}; 0 until it happened. */
  static final class LaunchedTask {
    final String id;
    final Batch batch;
    volatile long acceptedNanos;
    volatile long startingNanos;
    volatile long runningNanos;
    volatile long endedNanos;
    volatile AgentID agentId;

    LaunchedTask(String id, Batch batch) {
      this.id = id;
      this.batch = batch;
    }
  }

  /** Tasks launched together with one command, and how many reached each state. */
  static final class Batch {
    final String name;
    final List<LaunchedTask> tasks = new ArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger finished = new AtomicInteger();
    final AtomicInteger killed = new AtomicInteger();
    volatile long firstAcceptNanos;
    volatile long lastRunningNanos;
    volatile long lastEndedNanos;

    Batch(String name) {
      this.name = name;
    }

    int size() {
      return tasks.size();
    }

    String progress() {
      return String.format("%s: running %d/%d, finished %d, killed %d", name, running.get(), size(),
          finished.get(), killed.get());
    }
  }

  static LaunchingFramework subscribe(String master) throws IOException, InterruptedException {
    FrameworkInfo info = FrameworkInfo.newBuilder()
        .setUser(System.getProperty("user.name", "root"))
        .setName("agent-launch-bench")
        .setFailoverTimeout(0)
        .build();
    LaunchingFramework framework = new LaunchingFramework();
    // Offers may come before subscribe returns; they only need the queue, which exists already.
    framework.connection = SchedulerConnection.subscribe(master, info, framework::onEvent,
        () -> framework.fail("the subscription ended"));
    return framework;
  }

  private void onEvent(Event event) {
    switch (event.getType()) {
      case OFFERS -> offers.addAll(event.getOffers().getOffersList());
      case RESCIND -> offers.removeIf(o -> o.getId().equals(event.getRescind().getOfferId()));
      case UPDATE -> onUpdate(event.getUpdate().getStatus());
      case ERROR -> fail("the master sent ERROR: " + event.getError().getMessage());
      default -> { }
    }
  }

  private void onUpdate(TaskStatus status) {
    if (status.hasUuid()) {
      watch(connection.send(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE)
          .setAcknowledge(Call.Acknowledge.newBuilder().setAgentId(status.getAgentId())
              .setTaskId(status.getTaskId()).setUuid(status.getUuid()))));
    }
    LaunchedTask task = tasks.get(status.getTaskId().getValue());
    if (task == null) {
      return;
    }
    long now = System.nanoTime();
    task.agentId = status.getAgentId();
    Batch batch = task.batch;
    switch (status.getState()) {
      case TASK_STARTING -> {
        if (task.startingNanos == 0) {
          task.startingNanos = now;
        }
      }
      case TASK_STAGING, TASK_KILLING -> { }
      case TASK_RUNNING -> {
        if (task.runningNanos == 0) {
          task.runningNanos = now;
          batch.lastRunningNanos = now;
          batch.running.incrementAndGet();
        }
      }
      case TASK_FINISHED, TASK_KILLED -> {
        if (task.endedNanos == 0) {
          task.endedNanos = now;
          batch.lastEndedNanos = now;
          (status.getState() == TaskState.TASK_FINISHED ? batch.finished : batch.killed).incrementAndGet();
        }
      }
      default -> fail("task " + task.id + " became " + status.getState() + " (" + status.getReason() + "): "
          + status.getMessage());
    }
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  private void fail(String why) {
    failure.compareAndSet(null, why);
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  private void watch(CompletableFuture<Void> call) {
    call.whenComplete((ok, error) -> {
      if (error != null) {
        fail(error.getCause() != null ? error.getCause().getMessage() : error.toString());
      }
    });
  }

  /** Waits for the first offer and returns the agent it is from. */
  AgentID awaitAgent(Duration timeout, Supplier<String> whyNot) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Offer offer = offers.peek();
      if (offer != null) {
        return offer.getAgentId();
      }
      checkFailure();
      String why = whyNot.get();
      if (why != null) {
        throw new IllegalStateException(why);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no offer within " + timeout.toSeconds() + " s: the agent did not register");
      }
      synchronized (progress) {
        progress.wait(100);
      }
    }
  }

  /**
   * Launches {@code count} tasks running {@code command} as fast as offers come, as many per ACCEPT
   * as the offers hold, refusing nothing that is left over so that it comes back at once.
   */
  Batch launch(String name, int count, String command, Duration timeout) throws InterruptedException {
    int seq = batchSeq.incrementAndGet();
    Batch batch = new Batch(name);
    for (int i = 0; i < count; i++) {
      LaunchedTask t = new LaunchedTask("b" + seq + "-" + name + "-" + i, batch);
      batch.tasks.add(t);
      tasks.put(t.id, t);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    int next = 0;
    while (next < count) {
      checkFailure();
      Offer first = offers.poll(100, TimeUnit.MILLISECONDS);
      if (first == null) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + ": no offer for " + (count - next) + " tasks within "
              + timeout.toSeconds() + " s");
        }
        continue;
      }
      List<Offer> taken = new ArrayList<>(List.of(first));
      offers.drainTo(taken);
      taken.removeIf(o -> !o.getAgentId().equals(first.getAgentId()));
      int fit = (int) Math.min(milli(taken, "cpus") / milli(TASK_CPUS), milli(taken, "mem") / milli(TASK_MEM));
      int n = Math.min(fit, count - next);
      Call.Accept.Builder accept = Call.Accept.newBuilder()
          .setFilters(Filters.newBuilder().setRefuseSeconds(0));
      taken.forEach(o -> accept.addOfferIds(o.getId()));
      Offer.Operation.Launch.Builder launch = Offer.Operation.Launch.newBuilder();
      for (LaunchedTask t : batch.tasks.subList(next, next + n)) {
        launch.addTaskInfos(task(t.id, first.getAgentId(), command));
      }
      if (n > 0) {
        accept.addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH).setLaunch(launch));
      }
      long now = System.nanoTime();
      if (next == 0 && n > 0) {
        batch.firstAcceptNanos = now;
      }
      for (LaunchedTask t : batch.tasks.subList(next, next + n)) {
        t.acceptedNanos = now;
      }
      next += n;
      // Waiting for the 202 keeps the ACCEPTs in order; the next offer cannot come sooner anyway.
      connection.send(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(accept)).join();
    }
    return batch;
  }

  private static long milli(double v) {
    return Math.round(v * 1000);
  }

  private static long milli(List<Offer> offers, String resource) {
    return offers.stream().flatMap(o -> o.getResourcesList().stream())
        .filter(r -> r.getName().equals(resource) && r.getType() == Value.Type.SCALAR)
        .mapToLong(r -> milli(r.getScalar().getValue())).sum();
  }

  private static TaskInfo task(String id, AgentID agent, String command) {
    return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(agent)
        .addResources(scalar("cpus", TASK_CPUS)).addResources(scalar("mem", TASK_MEM))
        .setCommand(CommandInfo.newBuilder().setShell(true).setValue(command))
        .build();
  }

  private static Resource scalar(String name, double value) {
    return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
  }

  /** Sends KILL for every task of the batch that has not ended. */
  void kill(Batch batch) {
    for (LaunchedTask t : batch.tasks) {
      if (t.endedNanos == 0) {
        Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue(t.id));
        if (t.agentId != null) {
          kill.setAgentId(t.agentId);
        }
        watch(connection.send(Call.newBuilder().setType(Call.Type.KILL).setKill(kill)));
      }
    }
  }

  /** Removes the framework; its tasks are killed without updates to it. */
  void teardown() {
    connection.send(Call.newBuilder().setType(Call.Type.TEARDOWN)).join();
  }

  /**
   * Waits until {@code done}, calling {@code onProgress} about four times a second; fails at once
   * when a task goes astray, the agent is gone ({@code whyNot} answers non-null) or time is up.
   */
  void await(String what, BooleanSupplier done, Duration timeout, Runnable onProgress, Supplier<String> whyNot)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextProgress = 0;
    while (!done.getAsBoolean()) {
      checkFailure();
      String why = whyNot.get();
      if (why != null) {
        throw new IllegalStateException(what + ": " + why);
      }
      long now = System.nanoTime();
      if (now > deadline) {
        throw new IllegalStateException(what + ": not done within " + timeout.toSeconds() + " s");
      }
      if (now >= nextProgress) {
        onProgress.run();
        nextProgress = now + TimeUnit.MILLISECONDS.toNanos(250);
      }
      synchronized (progress) {
        progress.wait(50);
      }
    }
    onProgress.run();
  }

  private void checkFailure() {
    String why = failure.get();
    if (why != null) {
      throw new IllegalStateException(why);
    }
  }

  @Override
  public void close() {
    connection.close();
  }
}
