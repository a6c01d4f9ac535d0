package io.talus.driver.scheduler;

import io.talus.driver.CallbackQueue;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.scheduler.Protos.Event;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns scheduler events into {@link Scheduler} callbacks on the callback thread, the way Mesos's
 * v0 driver presents them (FAILURE becomes {@code agentLost} or {@code executorLost}). SUBSCRIBED
 * and ERROR change the driver's state, so the driver handles those and calls in here.
 */
final class EventDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);

  private final Scheduler scheduler;
  private final SchedulerDriver driver;
  private final CallbackQueue callbacks;
  private final Consumer<TaskStatus> implicitAcknowledgement;

  /**
   * @param implicitAcknowledgement run after each statusUpdate returns, or null if explicit
   */
  EventDispatcher(
      Scheduler scheduler,
      SchedulerDriver driver,
      CallbackQueue callbacks,
      Consumer<TaskStatus> implicitAcknowledgement) {
    this.scheduler = scheduler;
    this.driver = driver;
    this.callbacks = callbacks;
    this.implicitAcknowledgement = implicitAcknowledgement;
  }

  /** Every event type that only becomes a callback. */
  void dispatch(Event event) {
    switch (event.getType()) {
      case OFFERS -> {
        Event.Offers offers = event.getOffers();
        callbacks.submit(() -> scheduler.resourceOffers(driver, offers.getOffersList()));
      }
      case RESCIND -> {
        Event.Rescind rescind = event.getRescind();
        callbacks.submit(() -> scheduler.offerRescinded(driver, rescind.getOfferId()));
      }
      case UPDATE -> statusUpdate(event.getUpdate().getStatus());
      case MESSAGE -> {
        Event.Message m = event.getMessage();
        callbacks.submit(
            () ->
                scheduler.frameworkMessage(
                    driver, m.getExecutorId(), m.getAgentId(), m.getData().toByteArray()));
      }
      case FAILURE -> {
        Event.Failure f = event.getFailure();
        if (f.hasExecutorId()) {
          callbacks.submit(
              () ->
                  scheduler.executorLost(driver, f.getExecutorId(), f.getAgentId(), f.getStatus()));
        } else if (f.hasAgentId()) {
          callbacks.submit(() -> scheduler.agentLost(driver, f.getAgentId()));
        }
      }
      case HEARTBEAT -> {
        // Only proves the stream is alive; the connection has noted it.
      }
      default ->
          LOG.debug(
              "Ignoring a {} event: the Mesos scheduler API has no callback", event.getType());
    }
  }

  void registered(FrameworkID frameworkId, MasterInfo masterInfo, boolean first) {
    if (first) {
      callbacks.submit(() -> scheduler.registered(driver, frameworkId, masterInfo));
    } else {
      callbacks.submit(() -> scheduler.reregistered(driver, masterInfo));
    }
  }

  void disconnected() {
    callbacks.submit(() -> scheduler.disconnected(driver));
  }

  /** {@code error(message)}, then {@code then} (the abort), both on the callback thread. */
  void error(String message, Runnable then) {
    callbacks.submit(
        () -> {
          try {
            scheduler.error(driver, message);
          } finally {
            then.run();
          }
        });
  }

  /**
   * Tells the scheduler that tasks it tried to launch while disconnected are lost, as Mesos's
   * driver does: the master never saw them, so no update would ever come.
   */
  void lost(List<TaskInfo> tasks, boolean partitionAware) {
    for (TaskInfo task : tasks) {
      TaskStatus status =
          TaskStatus.newBuilder()
              .setTaskId(task.getTaskId())
              .setState(partitionAware ? TaskState.TASK_DROPPED : TaskState.TASK_LOST)
              .setSource(TaskStatus.Source.SOURCE_MASTER)
              .setReason(TaskStatus.Reason.REASON_MASTER_DISCONNECTED)
              .setMessage("Master disconnected")
              .setTimestamp(System.currentTimeMillis() / 1000.0)
              .build();
      callbacks.submit(() -> scheduler.statusUpdate(driver, status));
    }
  }

  private void statusUpdate(TaskStatus status) {
    callbacks.submit(
        () -> {
          scheduler.statusUpdate(driver, status);
          if (implicitAcknowledgement != null && status.hasUuid()) {
            implicitAcknowledgement.accept(status);
          }
        });
  }
}
