package io.talus.driver.scheduler;

import io.talus.driver.Driver;
import io.talus.driver.Status;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.Filters;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.Request;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskStatus;
import java.util.Collection;
import java.util.List;

/**
 * The framework's handle on the master, as Mesos's {@code org.apache.mesos.SchedulerDriver}: the
 * {@link Driver} lifecycle, which finds the leader before it subscribes, and the framework's calls.
 *
 * <p>Every method is thread-safe and returns at once with the driver's {@link Status}; calls made
 * while the driver is not {@code DRIVER_RUNNING} do nothing and return that status. Calls are sent
 * asynchronously, in the order they were made; one made while the driver is disconnected from the
 * master is dropped (launches are then reported back as {@code TASK_LOST}, or {@code TASK_DROPPED}
 * for a partition-aware framework), and the framework learns the outcome of anything uncertain by
 * reconciling, exactly as with Mesos.
 */
public interface SchedulerDriver extends Driver {

  /**
   * Stops the driver. With {@code failover} false the framework is torn down (TEARDOWN: its tasks
   * are killed); with {@code failover} true the stream is just closed, so that a new scheduler
   * instance can subscribe with the same framework ID within its {@code failover_timeout}.
   */
  Status stop(boolean failover);

  /** {@code stop(false)}. */
  @Override
  default Status stop() {
    return stop(false);
  }

  /** Stops without tearing the framework down and without further callbacks. */
  @Override
  Status abort();

  Status requestResources(Collection<Request> requests);

  /** Launches {@code tasks} on the offers (an ACCEPT with one LAUNCH operation). */
  Status launchTasks(Collection<OfferID> offerIds, Collection<TaskInfo> tasks, Filters filters);

  default Status launchTasks(Collection<OfferID> offerIds, Collection<TaskInfo> tasks) {
    return launchTasks(offerIds, tasks, Filters.getDefaultInstance());
  }

  default Status launchTasks(OfferID offerId, Collection<TaskInfo> tasks) {
    return launchTasks(List.of(offerId), tasks);
  }

  /** ACCEPT with any operations (LAUNCH, LAUNCH_GROUP, RESERVE, CREATE, ...). */
  Status acceptOffers(
      Collection<OfferID> offerIds, Collection<Offer.Operation> operations, Filters filters);

  Status declineOffer(OfferID offerId, Filters filters);

  default Status declineOffer(OfferID offerId) {
    return declineOffer(offerId, Filters.getDefaultInstance());
  }

  Status killTask(TaskID taskId);

  /** KILL naming the agent, which lets the master kill a task it has not heard of yet. */
  Status killTask(TaskID taskId, AgentID agentId);

  /** Removes every offer filter and unsuppresses all roles. */
  Status reviveOffers();

  Status reviveOffers(Collection<String> roles);

  /** Asks for no offers, for all roles; remembered across resubscriptions until revived. */
  Status suppressOffers();

  Status suppressOffers(Collection<String> roles);

  /**
   * Acknowledges a status update; only with explicit acknowledgements (the driver was built with
   * {@code implicitAcknowledgements} false). Updates without a uuid need none and are ignored.
   *
   * @throws IllegalStateException if the driver acknowledges implicitly
   */
  Status acknowledgeStatusUpdate(TaskStatus status);

  Status sendFrameworkMessage(ExecutorID executorId, AgentID agentId, byte[] data);

  /** Asks for the latest state of these tasks, or of all the framework's tasks if empty. */
  Status reconcileTasks(Collection<TaskStatus> statuses);

  /**
   * Changes the FrameworkInfo (UPDATE_FRAMEWORK); later resubscriptions use it. Its ID is the
   * driver's, whatever {@code frameworkInfo} says.
   */
  Status updateFramework(FrameworkInfo frameworkInfo, Collection<String> suppressedRoles);
}
