package io.talus.driver.scheduler;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.TaskStatus;
import java.util.List;

/**
 * A framework's scheduler, as Mesos's {@code org.apache.mesos.Scheduler} with the v1 message types
 * ({@code AgentID} where Mesos says {@code SlaveID}).
 *
 * <p>The driver calls these methods on one thread, one at a time, in the order the master sent the
 * events, so an implementation needs no locking for state only its callbacks touch. A callback may
 * call the driver. A callback that throws aborts the driver, as with Mesos.
 */
public interface Scheduler {

  /**
   * First subscription of this driver; {@code frameworkId} is now in every call and resubscribe.
   */
  void registered(SchedulerDriver driver, FrameworkID frameworkId, MasterInfo masterInfo);

  /** Subscribed again with the same framework ID after {@link #disconnected}. */
  void reregistered(SchedulerDriver driver, MasterInfo masterInfo);

  void resourceOffers(SchedulerDriver driver, List<Offer> offers);

  /** The offer is no longer valid; launching on it fails. */
  void offerRescinded(SchedulerDriver driver, OfferID offerId);

  /**
   * A task's new state. With implicit acknowledgements the driver acknowledges it once this
   * returns; otherwise call {@link SchedulerDriver#acknowledgeStatusUpdate} (or the master
   * resends).
   */
  void statusUpdate(SchedulerDriver driver, TaskStatus status);

  void frameworkMessage(
      SchedulerDriver driver, ExecutorID executorId, AgentID agentId, byte[] data);

  /** The stream to the master broke; the driver is finding the leader and resubscribing. */
  void disconnected(SchedulerDriver driver);

  /** An agent was removed (Mesos's {@code slaveLost}); its tasks' updates follow separately. */
  default void agentLost(SchedulerDriver driver, AgentID agentId) {}

  /** An executor exited with {@code status} (a wait status, as Mesos reports it). */
  default void executorLost(
      SchedulerDriver driver, ExecutorID executorId, AgentID agentId, int status) {}

  /** The master refused the framework (an ERROR event); the driver aborts after this returns. */
  void error(SchedulerDriver driver, String message);
}
