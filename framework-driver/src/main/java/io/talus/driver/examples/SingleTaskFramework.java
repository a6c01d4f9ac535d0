package io.talus.driver.examples;

import io.talus.driver.scheduler.Scheduler;
import io.talus.driver.scheduler.SchedulerDriver;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.Filters;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.resources.Resources;
import io.talus.protocol.tasks.TaskStates;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one command task, as {@code mesos-execute} does: it launches the task on the first offer
 * that holds its resources, declines every other offer, tells its {@link Listener} of each status
 * update, and completes {@link #outcome()} with the task's terminal status.
 *
 * <p>Offers that cannot hold the task are declined for {@code refuseSeconds}; once the task is
 * launched, offers are suppressed and any still arriving are declined for an hour. After a
 * resubscription the task is reconciled, so an end missed while disconnected is still reported.
 */
public final class SingleTaskFramework implements Scheduler {

  /** Hears what the framework does, on the driver's callback thread. */
  public interface Listener {
    default void registered(FrameworkID frameworkId) {}

    default void launched(TaskInfo task, Offer offer) {}

    default void update(TaskStatus status) {}
  }

  private static final Filters AFTER_LAUNCH = Filters.newBuilder().setRefuseSeconds(3600).build();

  private final TaskID taskId;
  private final String name;
  private final Resources resources;
  private final String command;
  private final Filters refuse;
  private final Listener listener;
  private final CompletableFuture<FrameworkID> registration = new CompletableFuture<>();
  private final CompletableFuture<TaskStatus> outcome = new CompletableFuture<>();
  private TaskInfo launched; // guarded by this
  private boolean launching = true; // guarded by this

  /** @param refuseSeconds how long an offer too small for the task is declined for */
  public SingleTaskFramework(TaskID taskId, String name, Resources resources, String command,
      double refuseSeconds, Listener listener) {
    this.taskId = taskId;
    this.name = name;
    this.resources = resources;
    this.command = command;
    this.refuse = Filters.newBuilder().setRefuseSeconds(refuseSeconds).build();
    this.listener = listener;
  }

  /** Completes with the framework ID at the first subscription; fails if the master refused it. */
  public CompletableFuture<FrameworkID> registration() {
    return registration;
  }

  /**
   * Completes with the task's first terminal status; fails if the master refused the framework
   * (an ERROR event), with the master's message.
   */
  public CompletableFuture<TaskStatus> outcome() {
    return outcome;
  }

  /** The task as launched, if it has been. */
  public synchronized Optional<TaskInfo> launched() {
    return Optional.ofNullable(launched);
  }

  /** No launch from now on; returns the task if it was launched already (to kill it). */
  public synchronized Optional<TaskInfo> stopLaunching() {
    launching = false;
    return Optional.ofNullable(launched);
  }

  @Override
  public void registered(SchedulerDriver driver, FrameworkID frameworkId, MasterInfo masterInfo) {
    listener.registered(frameworkId);
    registration.complete(frameworkId);
  }

  @Override
  public synchronized void reregistered(SchedulerDriver driver, MasterInfo masterInfo) {
    if (launched != null && !outcome.isDone()) {
      driver.reconcileTasks(List.of(TaskStatus.newBuilder()
          .setTaskId(taskId)
          .setAgentId(launched.getAgentId())
          .setState(TaskState.TASK_STAGING)
          .build()));
    }
  }

  @Override
  public synchronized void resourceOffers(SchedulerDriver driver, List<Offer> offers) {
    for (Offer offer : offers) {
      if (launched == null && launching && CommandTasks.offered(offer).contains(resources)) {
        launched = CommandTasks.shell(taskId, name, offer.getAgentId(), resources, command);
        listener.launched(launched, offer);
        driver.launchTasks(List.of(offer.getId()), List.of(launched), AFTER_LAUNCH);
        driver.suppressOffers();
      } else {
        driver.declineOffer(offer.getId(), launched == null ? refuse : AFTER_LAUNCH);
      }
    }
  }

  @Override
  public void offerRescinded(SchedulerDriver driver, OfferID offerId) {}

  @Override
  public void statusUpdate(SchedulerDriver driver, TaskStatus status) {
    if (!status.getTaskId().equals(taskId) || outcome.isDone()) {
      return;
    }
    listener.update(status);
    if (TaskStates.isTerminal(status.getState())) {
      outcome.complete(status);
    }
  }

  @Override
  public void frameworkMessage(
      SchedulerDriver driver, ExecutorID executorId, AgentID agentId, byte[] data) {}

  @Override
  public void disconnected(SchedulerDriver driver) {}

  @Override
  public void error(SchedulerDriver driver, String message) {
    IllegalStateException refused = new IllegalStateException(message);
    registration.completeExceptionally(refused);
    outcome.completeExceptionally(refused);
  }
}
