package io.talus.driver.executor;

import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every callback as a line, e.g. {@code "registered ex-1 agent-1"}. */
final class RecordingExecutor implements Executor {

  final List<String> events = new CopyOnWriteArrayList<>();

  @Override
  public void registered(
      ExecutorDriver driver,
      ExecutorInfo executorInfo,
      FrameworkInfo frameworkInfo,
      AgentInfo agentInfo) {
    events.add(
        "registered "
            + executorInfo.getExecutorId().getValue()
            + " "
            + frameworkInfo.getId().getValue()
            + " "
            + agentInfo.getId().getValue());
  }

  @Override
  public void reregistered(ExecutorDriver driver, AgentInfo agentInfo) {
    events.add("reregistered " + agentInfo.getId().getValue());
  }

  @Override
  public void disconnected(ExecutorDriver driver) {
    events.add("disconnected");
  }

  @Override
  public void launchTask(ExecutorDriver driver, TaskInfo task) {
    events.add("launch " + task.getTaskId().getValue());
  }

  @Override
  public void killTask(ExecutorDriver driver, TaskID taskId) {
    events.add("kill " + taskId.getValue());
  }

  @Override
  public void frameworkMessage(ExecutorDriver driver, byte[] data) {
    events.add("message " + new String(data, StandardCharsets.UTF_8));
  }

  @Override
  public void shutdown(ExecutorDriver driver) {
    events.add("shutdown");
  }

  @Override
  public void error(ExecutorDriver driver, String message) {
    events.add("error " + message);
  }
}
