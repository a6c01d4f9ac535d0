package io.talus.driver.examples;

import io.talus.driver.Status;
import io.talus.driver.scheduler.Scheduler;
import io.talus.driver.scheduler.SchedulerDriver;
import io.talus.driver.scheduler.V1SchedulerDriver;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A framework that runs a command task in each of a fixed number of slots; what a subclass decides
 * is which command a slot runs, whether an empty slot wants a task, and what a task's end means.
 *
 * <p>It packs the tasks that empty slots want into each offer, declines what it cannot use with
 * the settings' refuse filter, and revives offers when a slot empties and wants a task again. Every
 * task ID is used once ({@link SlotBook}). After every resubscription, and every {@code
 * reconcileInterval}, it reconciles the tasks it has not seen end: a launch the old leader took but
 * never committed comes back TASK_LOST (so its slot is filled again, and the command never ran), a
 * task that ended while the framework was away comes back with its end.
 *
 * <p>Callbacks, the reconciliation timer and the accessors share one lock, and every driver call
 * about a launch is made under it, so that no reconciliation can overtake the launch it names.
 */
public abstract class SlotFramework implements Scheduler, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SlotFramework.class);

  protected final FrameworkSettings settings;
  private final Object lock = new Object();
  private final SlotBook book; // guarded by lock
  private final List<String> subscriptions = new ArrayList<>(); // guarded by lock
  private final CompletableFuture<Void> termination = new CompletableFuture<>();
  private volatile SchedulerDriver driver;
  private ScheduledExecutorService timer; // guarded by lock

  protected SlotFramework(FrameworkSettings settings, int slots) {
    this.settings = settings;
    this.book = new SlotBook(settings.name(), slots);
  }

  // ---- what a subclass decides ----

  /** The shell command the slot's next task runs. */
  protected abstract String command(int slot);

  /** Whether an empty slot (no task, or its last one ended) should get a task. */
  protected abstract boolean wantsTask(int slot, int attemptsSoFar);

  /** A slot's task ended; the slot is empty now. Runs under the lock. */
  protected void ended(TaskAttempt attempt) {}

  /** The framework has done its work: {@link #termination()} completes. */
  protected final void complete() {
    termination.complete(null);
  }

  /**
   * The framework cannot go on: {@link #termination()} fails with {@code why}, unless it has
   * completed already.
   */
  protected final void fail(String why) {
    termination.completeExceptionally(new IllegalStateException(why));
  }

  /** How many slots the framework has. */
  protected final int slotCount() {
    return book.slots();
  }

  // ---- running it ----

  /**
   * Subscribes through {@code masters} (any of them; {@code host:port} or URLs) and starts the
   * reconciliation timer.
   */
  public void start(List<String> masters) {
    V1SchedulerDriver d =
        V1SchedulerDriver.builder(this, settings.frameworkInfo(), masters).build();
    synchronized (lock) {
      if (driver != null) {
        throw new IllegalStateException("already started");
      }
      driver = d;
      timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "talus-" + settings.name() + "-reconcile");
        t.setDaemon(true);
        return t;
      });
      long every = settings.reconcileInterval().toMillis();
      timer.scheduleWithFixedDelay(this::reconcile, every, every, TimeUnit.MILLISECONDS);
    }
    d.start();
    Thread watch = new Thread(() -> fail("the driver ended: " + d.join()),
        "talus-" + settings.name() + "-driver-watch");
    watch.setDaemon(true);
    watch.start();
  }

  /**
   * Completes when the framework has done its work (never, for one that keeps tasks running), or
   * fails when it cannot go on: the master refused it, a task failed too often, the driver ended.
   */
  public CompletableFuture<Void> termination() {
    return termination;
  }

  /** Stops the driver and tears the framework down: the master kills whatever it still runs. */
  public Status stop() {
    SchedulerDriver d;
    synchronized (lock) {
      d = driver;
      if (timer != null) {
        timer.shutdownNow();
      }
    }
    return d == null ? Status.DRIVER_NOT_STARTED : d.stop(false);
  }

  @Override
  public void close() {
    stop();
  }

  // ---- what it has done ----

  /** The framework ID at each subscription, the first and every resubscription, in order. */
  public List<String> subscriptions() {
    synchronized (lock) {
      return List.copyOf(subscriptions);
    }
  }

  public Optional<String> frameworkId() {
    synchronized (lock) {
      return subscriptions.isEmpty()
          ? Optional.empty()
          : Optional.of(subscriptions.get(subscriptions.size() - 1));
    }
  }

  /** Every task launched, in launch order, with the states it was reported in. */
  public List<TaskAttempt> history() {
    synchronized (lock) {
      return book.history();
    }
  }

  /** The IDs of the tasks running now (as far as the framework has heard). */
  public List<String> running() {
    synchronized (lock) {
      return book.liveIn(TaskState.TASK_RUNNING);
    }
  }

  /** Reconciles every task not seen to end; what the timer and resubscriptions run. */
  public void reconcile() {
    synchronized (lock) {
      List<TaskStatus> live = book.liveStatuses();
      SchedulerDriver d = driver;
      if (d != null && !live.isEmpty()) {
        LOG.debug("{}: reconciling {} tasks", settings.name(), live.size());
        d.reconcileTasks(live);
      }
    }
  }

  // ---- Scheduler ----

  @Override
  public void registered(SchedulerDriver d, FrameworkID frameworkId, MasterInfo masterInfo) {
    synchronized (lock) {
      driver = driver == null ? d : driver;
      subscriptions.add(frameworkId.getValue());
    }
    LOG.info("{}: registered as framework {}", settings.name(), frameworkId.getValue());
  }

  @Override
  public void reregistered(SchedulerDriver d, MasterInfo masterInfo) {
    synchronized (lock) {
      String id = d instanceof V1SchedulerDriver v && v.frameworkId() != null
          ? v.frameworkId().getValue()
          : subscriptions.get(subscriptions.size() - 1);
      subscriptions.add(id);
      LOG.info("{}: reregistered as framework {} with master {}; reconciling",
          settings.name(), id, masterInfo.getId());
      List<TaskStatus> live = book.liveStatuses();
      if (!live.isEmpty()) {
        d.reconcileTasks(live);
      }
    }
  }

  @Override
  public void resourceOffers(SchedulerDriver d, List<Offer> offers) {
    synchronized (lock) {
      for (Offer offer : offers) {
        List<TaskInfo> tasks = fill(offer);
        if (tasks.isEmpty()) {
          d.declineOffer(offer.getId(), settings.refuseFilter());
        } else {
          LOG.info("{}: launching {} on agent {}", settings.name(),
              tasks.stream().map(t -> t.getTaskId().getValue()).toList(),
              offer.getAgentId().getValue());
          d.launchTasks(List.of(offer.getId()), tasks, settings.refuseFilter());
        }
      }
    }
  }

  /** The tasks of the empty slots that want one, as many as fit in the offer; each is booked. */
  private List<TaskInfo> fill(Offer offer) {
    Resources available = CommandTasks.offered(offer);
    Resources each = settings.taskResources();
    List<TaskInfo> tasks = new ArrayList<>();
    for (int slot : book.emptySlots()) {
      if (!available.contains(each)) {
        break;
      }
      if (wantsTask(slot, book.attempts(slot))) {
        TaskID taskId = book.launch(slot, offer.getAgentId());
        tasks.add(CommandTasks.shell(
            taskId, taskId.getValue(), offer.getAgentId(), each, command(slot)));
        available = available.subtract(each);
      }
    }
    return tasks;
  }

  @Override
  public void offerRescinded(SchedulerDriver d, OfferID offerId) {}

  @Override
  public void statusUpdate(SchedulerDriver d, TaskStatus status) {
    synchronized (lock) {
      Optional<TaskAttempt> news = book.update(status);
      if (news.isEmpty()) {
        LOG.debug("{}: no news in {} {}", settings.name(), status.getTaskId().getValue(),
            status.getState());
        return;
      }
      TaskAttempt attempt = news.get();
      LOG.info("{}: task {} is {}{}", settings.name(), attempt.taskId(), status.getState(),
          status.getMessage().isEmpty() ? "" : " (" + status.getMessage() + ")");
      if (attempt.terminal().isPresent()) {
        ended(attempt);
        if (wantsTask(attempt.slot(), book.attempts(attempt.slot()))) {
          d.reviveOffers();
        }
      }
    }
  }

  @Override
  public void frameworkMessage(
      SchedulerDriver d, ExecutorID executorId, AgentID agentId, byte[] data) {}

  @Override
  public void disconnected(SchedulerDriver d) {
    LOG.warn("{}: disconnected from the master; the driver resubscribes", settings.name());
  }

  @Override
  public void error(SchedulerDriver d, String message) {
    LOG.error("{}: the master refused the framework: {}", settings.name(), message);
    fail("the master refused the framework: " + message);
  }
}
