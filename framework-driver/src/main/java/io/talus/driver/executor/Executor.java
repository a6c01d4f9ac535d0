package io.talus.driver.executor;

import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.TaskGroupInfo;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;

/**
 * A framework's custom executor, as Mesos's {@code org.apache.mesos.Executor} with the v1 message
 * types ({@code AgentInfo} where Mesos says {@code SlaveInfo}). Callbacks come on one thread, one
 * at a time, in the order the agent sent them; a callback may call the driver; one that throws
 * aborts the driver.
 */
public interface Executor {

  /** First subscription to the agent. */
  void registered(
      ExecutorDriver driver,
      ExecutorInfo executorInfo,
      FrameworkInfo frameworkInfo,
      AgentInfo agentInfo);

  /** Subscribed again after the agent restarted (the framework checkpoints). */
  void reregistered(ExecutorDriver driver, AgentInfo agentInfo);

  /** The agent went away; the driver is reconnecting while the agent recovers. */
  void disconnected(ExecutorDriver driver);

  /** Start the task and report on it with {@link ExecutorDriver#sendStatusUpdate}. */
  void launchTask(ExecutorDriver driver, TaskInfo task);

  /** A task group (LAUNCH_GROUP); by default each task is launched on its own. */
  default void launchTaskGroup(ExecutorDriver driver, TaskGroupInfo taskGroup) {
    for (TaskInfo task : taskGroup.getTasksList()) {
      launchTask(driver, task);
    }
  }

  void killTask(ExecutorDriver driver, TaskID taskId);

  void frameworkMessage(ExecutorDriver driver, byte[] data);

  /**
   * Kill every task and exit: the agent asked for it, or it is gone for good. The driver stops once
   * this returns (aborts, if the agent was lost).
   */
  void shutdown(ExecutorDriver driver);

  /** A fatal error; the driver aborts after this returns. */
  void error(ExecutorDriver driver, String message);
}
