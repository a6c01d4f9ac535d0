package io.talus.agent.core;

import io.talus.protocol.agent.AgentToMaster;
import java.util.Map;

/** The message that opens an agent stream: register a new agent, or reregister with all it runs. */
final class Registration {

  private Registration() {}

  static AgentToMaster hello(AgentState s) {
    if (!s.agentInfo.hasId()) {
      return AgentToMaster.newBuilder().setRegister(AgentToMaster.Register.newBuilder()
          .setAgentInfo(s.agentInfo).setEndpoint(s.endpoint).setVersion(s.version)
          .setIncarnation(s.incarnation)).build();
    }
    AgentToMaster.Reregister.Builder r = AgentToMaster.Reregister.newBuilder().setAgentInfo(s.agentInfo)
        .setEndpoint(s.endpoint).setVersion(s.version).setIncarnation(s.incarnation);
    for (Map.Entry<String, Map<String, ExecutorRun>> byFramework : s.executors.entrySet()) {
      io.talus.mesos.v1.Protos.FrameworkInfo framework = s.frameworks.get(byFramework.getKey());
      if (framework != null) {
        r.addFrameworks(framework);
      }
      for (ExecutorRun e : byFramework.getValue().values()) {
        if (e.kind == io.talus.protocol.agent.CheckpointedExecutor.Kind.CUSTOM) {
          r.addExecutors(e.info);
        }
        for (TaskRun t : e.tasks.values()) {
          r.addTasks(AgentToMaster.ReportedTask.newBuilder().setFrameworkId(t.frameworkId)
              .setTask(t.info).setLatestStatus(reported(s, t)));
        }
      }
    }
    return AgentToMaster.newBuilder().setReregister(r).build();
  }

  /**
   * The state the framework has been told or is being told: the oldest unacknowledged update if
   * there is one, else the latest. Reporting anything newer would let the master run ahead of
   * the updates the status update manager still has to deliver, in order.
   */
  private static io.talus.mesos.v1.Protos.TaskStatus reported(AgentState s, TaskRun t) {
    java.util.List<io.talus.mesos.v1.Protos.TaskStatus> pending = s.updates.pending(t.frameworkId, t.info.getTaskId());
    return pending.isEmpty() ? t.latest : pending.get(0);
  }
}
