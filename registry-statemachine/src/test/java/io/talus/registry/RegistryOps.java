package io.talus.registry;

import com.google.protobuf.ByteString;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.Attribute;
import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.Protos.Value;
import io.talus.protocol.registry.AcknowledgeTaskStatus;
import io.talus.protocol.registry.DisconnectFramework;
import io.talus.protocol.registry.InitializeCluster;
import io.talus.protocol.registry.LaunchTasks;
import io.talus.protocol.registry.MarkAgentUnreachable;
import io.talus.protocol.registry.RegisterAgent;
import io.talus.protocol.registry.RegisterFramework;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.RemoveAgent;
import io.talus.protocol.registry.RemoveFramework;
import io.talus.protocol.registry.RequestId;
import io.talus.protocol.registry.ReregisterAgent;
import io.talus.protocol.registry.ReregisterFramework;
import io.talus.protocol.registry.UpdateRole;
import io.talus.protocol.registry.UpdateTaskStatus;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Test fixture: terse builders of registry ops as a master would submit them, without time or
 * request id ({@link RegistryHarness} stamps the time; {@link #withRequestId} adds an idempotency
 * key). Shipped in the module's test-jar for the consensus tests and bench.
 */
public final class RegistryOps {

  private RegistryOps() {}

  // ---- Mesos messages ---------------------------------------------------------------------------

  public static FrameworkID frameworkId(String id) {
    return FrameworkID.newBuilder().setValue(id).build();
  }

  public static AgentID agentId(String id) {
    return AgentID.newBuilder().setValue(id).build();
  }

  public static TaskID taskId(String id) {
    return TaskID.newBuilder().setValue(id).build();
  }

  public static ExecutorID executorId(String id) {
    return ExecutorID.newBuilder().setValue(id).build();
  }

  public static FrameworkInfo frameworkInfo(String name) {
    return FrameworkInfo.newBuilder()
        .setUser("root")
        .setName(name)
        .addRoles("*")
        .setFailoverTimeout(60)
        .setCheckpoint(true)
        .addCapabilities(FrameworkInfo.Capability.newBuilder()
            .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE))
        .build();
  }

  public static AgentInfo agentInfo(String hostname) {
    return AgentInfo.newBuilder()
        .setHostname(hostname)
        .setPort(5051)
        .addResources(scalar("cpus", 4))
        .addResources(scalar("mem", 8192))
        .addAttributes(Attribute.newBuilder()
            .setName("rack")
            .setType(Value.Type.TEXT)
            .setText(Value.Text.newBuilder().setValue("r1")))
        .build();
  }

  public static Resource scalar(String name, double value) {
    return Resource.newBuilder()
        .setName(name)
        .setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value))
        .build();
  }

  /** A command task for {@code agent}, as a framework builds it from an offer. */
  public static TaskInfo task(String agent, String id) {
    return TaskInfo.newBuilder()
        .setName("task " + id)
        .setTaskId(taskId(id))
        .setAgentId(agentId(agent))
        .addResources(scalar("cpus", 0.1))
        .addResources(scalar("mem", 32))
        .setCommand(CommandInfo.newBuilder().setValue("sleep 1000"))
        .build();
  }

  public static ExecutorInfo executor(String id) {
    return ExecutorInfo.newBuilder()
        .setExecutorId(executorId(id))
        .setCommand(CommandInfo.newBuilder().setValue("talus-executor"))
        .build();
  }

  /** A deterministic 16-byte status update uuid, distinct for distinct {@code n}. */
  public static ByteString uuid(long n) {
    return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(0x7a1005L).putLong(n).array());
  }

  // ---- ops ----------------------------------------------------------------------------------------

  public static RegistryOp initialize(String clusterId) {
    return RegistryOp.newBuilder()
        .setInitializeCluster(InitializeCluster.newBuilder().setClusterId(clusterId))
        .build();
  }

  public static RegistryOp registerAgent(String hostname) {
    return registerAgent(agentInfo(hostname));
  }

  public static RegistryOp registerAgent(AgentInfo info) {
    return RegistryOp.newBuilder()
        .setRegisterAgent(RegisterAgent.newBuilder()
            .setAgentInfo(info)
            .setEndpoint(info.getHostname() + ":" + info.getPort())
            .setVersion("1.11.0"))
        .build();
  }

  public static RegistryOp reregisterAgent(String id, String hostname) {
    return reregisterAgent(agentInfo(hostname).toBuilder().setId(agentId(id)).build());
  }

  public static RegistryOp reregisterAgent(AgentInfo info) {
    return RegistryOp.newBuilder()
        .setReregisterAgent(ReregisterAgent.newBuilder()
            .setAgentInfo(info)
            .setEndpoint(info.getHostname() + ":" + info.getPort())
            .setVersion("1.11.0"))
        .build();
  }

  public static RegistryOp markUnreachable(String agent) {
    return RegistryOp.newBuilder()
        .setMarkAgentUnreachable(MarkAgentUnreachable.newBuilder().setAgentId(agentId(agent)))
        .build();
  }

  public static RegistryOp removeAgent(String agent, boolean byOperator) {
    return RegistryOp.newBuilder()
        .setRemoveAgent(RemoveAgent.newBuilder().setAgentId(agentId(agent)).setByOperator(byOperator))
        .build();
  }

  public static RegistryOp registerFramework(String name) {
    return registerFramework(frameworkInfo(name));
  }

  public static RegistryOp registerFramework(FrameworkInfo info) {
    return RegistryOp.newBuilder()
        .setRegisterFramework(RegisterFramework.newBuilder().setFrameworkInfo(info))
        .build();
  }

  public static RegistryOp reregisterFramework(String id, String name) {
    return reregisterFramework(frameworkInfo(name).toBuilder().setId(frameworkId(id)).build());
  }

  public static RegistryOp reregisterFramework(FrameworkInfo info) {
    return RegistryOp.newBuilder()
        .setReregisterFramework(ReregisterFramework.newBuilder().setFrameworkInfo(info))
        .build();
  }

  public static RegistryOp disconnectFramework(String framework, long failoverDeadlineNanos) {
    return RegistryOp.newBuilder()
        .setDisconnectFramework(DisconnectFramework.newBuilder()
            .setFrameworkId(frameworkId(framework))
            .setFailoverDeadlineNanos(failoverDeadlineNanos))
        .build();
  }

  public static RegistryOp removeFramework(String framework) {
    return RegistryOp.newBuilder()
        .setRemoveFramework(RemoveFramework.newBuilder().setFrameworkId(frameworkId(framework)))
        .build();
  }

  /** Command tasks (see {@link #task}) with these ids, for {@code agent}. */
  public static RegistryOp launch(String framework, String agent, String... taskIds) {
    LaunchTasks.Builder op = LaunchTasks.newBuilder()
        .setFrameworkId(frameworkId(framework))
        .setAgentId(agentId(agent));
    for (String id : taskIds) {
      op.addTasks(task(agent, id));
    }
    return RegistryOp.newBuilder().setLaunchTasks(op).build();
  }

  public static RegistryOp launch(String framework, String agent, List<TaskInfo> tasks) {
    return RegistryOp.newBuilder()
        .setLaunchTasks(LaunchTasks.newBuilder()
            .setFrameworkId(frameworkId(framework))
            .setAgentId(agentId(agent))
            .addAllTasks(tasks))
        .build();
  }

  /**
   * A status update from the agent, as its status update manager sends it; {@code uuid} null for a
   * status without one (which needs no acknowledgement).
   */
  public static RegistryOp status(String framework, String agent, String task, TaskState state,
      ByteString uuid) {
    TaskStatus.Builder status = TaskStatus.newBuilder()
        .setTaskId(taskId(task))
        .setState(state)
        .setAgentId(agentId(agent))
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR);
    if (uuid != null) {
      status.setUuid(uuid);
    }
    return status(framework, status.build());
  }

  public static RegistryOp status(String framework, TaskStatus status) {
    return RegistryOp.newBuilder()
        .setUpdateTaskStatus(UpdateTaskStatus.newBuilder()
            .setFrameworkId(frameworkId(framework))
            .setStatus(status))
        .build();
  }

  public static RegistryOp ack(String framework, String task, ByteString uuid) {
    return RegistryOp.newBuilder()
        .setAcknowledgeTaskStatus(AcknowledgeTaskStatus.newBuilder()
            .setFrameworkId(frameworkId(framework))
            .setTaskId(taskId(task))
            .setUuid(uuid))
        .build();
  }

  public static RegistryOp updateRole(String role, double weight) {
    return RegistryOp.newBuilder()
        .setUpdateRole(UpdateRole.newBuilder().setRole(role).setWeight(weight))
        .build();
  }

  /** An op with none of the oneof's cases set (what a newer leader's unknown op looks like). */
  public static RegistryOp noOpCase() {
    return RegistryOp.getDefaultInstance();
  }

  public static RegistryOp withRequestId(RegistryOp op, String client, long sequence) {
    return op.toBuilder()
        .setRequestId(RequestId.newBuilder()
            .setClientId(ByteString.copyFromUtf8(client))
            .setSequence(sequence))
        .build();
  }

  public static RegistryOp withTime(RegistryOp op, long timeNanos) {
    return op.toBuilder().setTimeNanos(timeNanos).build();
  }
}
