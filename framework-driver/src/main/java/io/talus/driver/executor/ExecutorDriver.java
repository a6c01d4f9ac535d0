package io.talus.driver.executor;

import io.talus.driver.Driver;
import io.talus.driver.Status;
import io.talus.mesos.v1.Protos.TaskStatus;

/**
 * The executor's handle on its agent, as Mesos's {@code org.apache.mesos.ExecutorDriver}: the
 * {@link Driver} lifecycle (callbacks begin with {@code registered}) and the executor's calls.
 * Every method is thread-safe and returns at once; while the driver is not {@code DRIVER_RUNNING}
 * calls do nothing and return its status.
 */
public interface ExecutorDriver extends Driver {

  /**
   * Reports a task's state. The driver fills {@code uuid}, {@code source} (SOURCE_EXECUTOR), {@code
   * timestamp} and {@code executor_id}, and keeps the update until the agent acknowledges it,
   * resending it if the agent restarts first. TASK_STAGING is not allowed and aborts the driver.
   */
  Status sendStatusUpdate(TaskStatus status);

  /** Sends {@code data} to the scheduler; best effort, dropped while disconnected. */
  Status sendFrameworkMessage(byte[] data);
}
