package io.talus.protocol;

import com.google.protobuf.ByteString;
import io.talus.mesos.v1.Protos.Address;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.DrainConfig;
import io.talus.mesos.v1.Protos.DrainInfo;
import io.talus.mesos.v1.Protos.DrainState;
import io.talus.mesos.v1.Protos.DurationInfo;
import io.talus.mesos.v1.Protos.Environment;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.Filters;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.Label;
import io.talus.mesos.v1.Protos.Labels;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.Task;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.Protos.TimeInfo;
import io.talus.mesos.v1.Protos.URL;
import io.talus.mesos.v1.Protos.Value;
import io.talus.mesos.v1.master.Protos.Response;
import io.talus.mesos.v1.scheduler.Protos.AttributeConstraint;
import io.talus.mesos.v1.scheduler.Protos.OfferConstraints;
import io.talus.protocol.resources.ResourceParser;
import io.talus.protocol.resources.Resources;

/** Messages built with Talus's generated classes, as Talus's master, agent and driver send them. */
final class TalusSamples {

  private TalusSamples() {}

  static io.talus.mesos.v1.scheduler.Protos.Event subscribed() {
    return io.talus.mesos.v1.scheduler.Protos.Event.newBuilder()
        .setType(io.talus.mesos.v1.scheduler.Protos.Event.Type.SUBSCRIBED)
        .setSubscribed(
            io.talus.mesos.v1.scheduler.Protos.Event.Subscribed.newBuilder()
                .setFrameworkId(FrameworkID.newBuilder().setValue("m1-0001"))
                .setHeartbeatIntervalSeconds(15)
                .setMasterInfo(
                    MasterInfo.newBuilder()
                        .setId("m1")
                        .setIp(0x0100007f)
                        .setPort(5050)
                        .setPid("master@127.0.0.1:5050")
                        .setHostname("localhost")
                        .setVersion("1.11.0")
                        .setAddress(
                            Address.newBuilder()
                                .setHostname("localhost")
                                .setIp("127.0.0.1")
                                .setPort(5050))))
        .build();
  }

  static io.talus.mesos.v1.scheduler.Protos.Event offers() {
    Offer offer =
        Offer.newBuilder()
            .setId(OfferID.newBuilder().setValue("m1-O1"))
            .setFrameworkId(FrameworkID.newBuilder().setValue("m1-0001"))
            .setAgentId(AgentID.newBuilder().setValue("m1-S0"))
            .setHostname("agent0")
            .setUrl(
                URL.newBuilder()
                    .setScheme("http")
                    .setAddress(
                        Address.newBuilder().setHostname("agent0").setIp("10.0.0.9").setPort(5051))
                    .setPath("/slave(1)"))
            .addAllResources(
                Resources.parse("cpus:4;mem(web):1024;ports:[31000-32000,33000-34000];disks:{a,b}")
                    .toList())
            .addAllAttributes(
                ResourceParser.parseAttributes("rack:r1;level:3;slots:[1-2];zones:{a,b}"))
            .build();
    return io.talus.mesos.v1.scheduler.Protos.Event.newBuilder()
        .setType(io.talus.mesos.v1.scheduler.Protos.Event.Type.OFFERS)
        .setOffers(io.talus.mesos.v1.scheduler.Protos.Event.Offers.newBuilder().addOffers(offer))
        .build();
  }

  static TaskStatus status(TaskStatus.Source source) {
    return TaskStatus.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue("t-1"))
        .setState(TaskState.TASK_FAILED)
        .setMessage("exited with status 3")
        .setSource(source)
        .setReason(TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED)
        .setAgentId(AgentID.newBuilder().setValue("m1-S0"))
        .setExecutorId(ExecutorID.newBuilder().setValue("t-1"))
        .setTimestamp(1700000123.5)
        .setUuid(ByteString.copyFrom(MesosSamples.UUID))
        .setHealthy(false)
        .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("k").setValue("v")))
        .build();
  }

  static io.talus.mesos.v1.scheduler.Protos.Event update() {
    return io.talus.mesos.v1.scheduler.Protos.Event.newBuilder()
        .setType(io.talus.mesos.v1.scheduler.Protos.Event.Type.UPDATE)
        .setUpdate(
            io.talus.mesos.v1.scheduler.Protos.Event.Update.newBuilder()
                .setStatus(status(TaskStatus.Source.SOURCE_AGENT)))
        .build();
  }

  static io.talus.mesos.v1.scheduler.Protos.Call subscribe() {
    return io.talus.mesos.v1.scheduler.Protos.Call.newBuilder()
        .setFrameworkId(FrameworkID.newBuilder().setValue("m1-0001"))
        .setType(io.talus.mesos.v1.scheduler.Protos.Call.Type.SUBSCRIBE)
        .setSubscribe(
            io.talus.mesos.v1.scheduler.Protos.Call.Subscribe.newBuilder()
                .setFrameworkInfo(
                    FrameworkInfo.newBuilder()
                        .setUser("talus")
                        .setName("driver")
                        .setId(FrameworkID.newBuilder().setValue("m1-0001"))
                        .setFailoverTimeout(60)
                        .addRoles("web")
                        .addCapabilities(
                            FrameworkInfo.Capability.newBuilder()
                                .setType(FrameworkInfo.Capability.Type.TASK_KILLING_STATE))
                        .setLabels(
                            Labels.newBuilder().addLabels(Label.newBuilder().setKey("owner")))))
        .build();
  }

  static TaskInfo task() {
    return TaskInfo.newBuilder()
        .setName("sleep")
        .setTaskId(TaskID.newBuilder().setValue("t-1"))
        .setAgentId(AgentID.newBuilder().setValue("m1-S0"))
        .addAllResources(Resources.parse("cpus:0.25;mem:64;ports:[31001-31001]").toList())
        .setCommand(
            CommandInfo.newBuilder()
                .addUris(CommandInfo.URI.newBuilder().setValue("http://x/a.sh").setExecutable(true))
                .setEnvironment(
                    Environment.newBuilder()
                        .addVariables(
                            Environment.Variable.newBuilder().setName("A").setValue("\u00e9")))
                .setValue("sleep 10"))
        .setExecutor(
            ExecutorInfo.newBuilder()
                .setExecutorId(ExecutorID.newBuilder().setValue("t-1"))
                .setType(ExecutorInfo.Type.DEFAULT))
        .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("a").setValue("b")))
        .build();
  }

  static io.talus.mesos.v1.scheduler.Protos.Call acceptLaunch() {
    return io.talus.mesos.v1.scheduler.Protos.Call.newBuilder()
        .setFrameworkId(FrameworkID.newBuilder().setValue("m1-0001"))
        .setType(io.talus.mesos.v1.scheduler.Protos.Call.Type.ACCEPT)
        .setAccept(
            io.talus.mesos.v1.scheduler.Protos.Call.Accept.newBuilder()
                .addOfferIds(OfferID.newBuilder().setValue("m1-O1"))
                .addOperations(
                    Offer.Operation.newBuilder()
                        .setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(task())))
                .setFilters(Filters.newBuilder()))
        .build();
  }

  static io.talus.mesos.v1.executor.Protos.Call executorUpdate() {
    return io.talus.mesos.v1.executor.Protos.Call.newBuilder()
        .setExecutorId(ExecutorID.newBuilder().setValue("t-1"))
        .setFrameworkId(FrameworkID.newBuilder().setValue("m1-0001"))
        .setType(io.talus.mesos.v1.executor.Protos.Call.Type.UPDATE)
        .setUpdate(
            io.talus.mesos.v1.executor.Protos.Call.Update.newBuilder()
                .setStatus(status(TaskStatus.Source.SOURCE_EXECUTOR)))
        .build();
  }

  static io.talus.mesos.v1.executor.Protos.Event executorLaunch() {
    return io.talus.mesos.v1.executor.Protos.Event.newBuilder()
        .setType(io.talus.mesos.v1.executor.Protos.Event.Type.LAUNCH)
        .setLaunch(io.talus.mesos.v1.executor.Protos.Event.Launch.newBuilder().setTask(task()))
        .build();
  }

  /** An operator API GET_STATE answer: one agent, framework, executor and task of each kind. */
  static Response getState() {
    TaskInfo task = task();
    Task running =
        Task.newBuilder()
            .setName(task.getName())
            .setTaskId(task.getTaskId())
            .setFrameworkId(FrameworkID.newBuilder().setValue("m1-0001"))
            .setExecutorId(task.getExecutor().getExecutorId())
            .setAgentId(task.getAgentId())
            .setState(TaskState.TASK_RUNNING)
            .addAllResources(task.getResourcesList())
            .addStatuses(
                status(TaskStatus.Source.SOURCE_EXECUTOR).toBuilder()
                    .setState(TaskState.TASK_RUNNING))
            .setStatusUpdateState(TaskState.TASK_RUNNING)
            .setStatusUpdateUuid(ByteString.copyFrom(MesosSamples.UUID))
            .setLabels(task.getLabels())
            .setUser("talus")
            .putLimits("cpus", Value.Scalar.newBuilder().setValue(0.5).build())
            .build();
    Task finished =
        running.toBuilder()
            .setTaskId(TaskID.newBuilder().setValue("t-0"))
            .setState(TaskState.TASK_FINISHED)
            .clearLimits()
            .build();
    AgentInfo agentInfo =
        AgentInfo.newBuilder()
            .setHostname("agent0")
            .setId(AgentID.newBuilder().setValue("m1-S0"))
            .addAllResources(Resources.parse("cpus:4;mem:4096;ports:[31000-32000]").toList())
            .addAllAttributes(ResourceParser.parseAttributes("rack:r1"))
            .build();
    Response.GetAgents.Agent agent =
        Response.GetAgents.Agent.newBuilder()
            .setAgentInfo(agentInfo)
            .setActive(true)
            .setDeactivated(false)
            .setVersion("1.11.0")
            .setPid("slave(1)@10.0.0.9:5051")
            .setRegisteredTime(TimeInfo.newBuilder().setNanoseconds(1700000000123456789L))
            .addAllTotalResources(agentInfo.getResourcesList())
            .addAllAllocatedResources(task.getResourcesList())
            .addCapabilities(
                AgentInfo.Capability.newBuilder().setType(AgentInfo.Capability.Type.MULTI_ROLE))
            .setDrainInfo(
                DrainInfo.newBuilder()
                    .setState(DrainState.DRAINING)
                    .setConfig(
                        DrainConfig.newBuilder()
                            .setMaxGracePeriod(
                                DurationInfo.newBuilder().setNanoseconds(60_000_000_000L))))
            .build();
    Response.GetFrameworks.Framework framework =
        Response.GetFrameworks.Framework.newBuilder()
            .setFrameworkInfo(subscribe().getSubscribe().getFrameworkInfo())
            .setActive(true)
            .setConnected(true)
            .setRecovered(false)
            .setRegisteredTime(TimeInfo.newBuilder().setNanoseconds(1700000000000000000L))
            .addAllAllocatedResources(task.getResourcesList())
            .setOfferConstraints(
                OfferConstraints.newBuilder()
                    .putRoleConstraints(
                        "web",
                        OfferConstraints.RoleConstraints.newBuilder()
                            .addGroups(
                                OfferConstraints.RoleConstraints.Group.newBuilder()
                                    .addAttributeConstraints(
                                        AttributeConstraint.newBuilder()
                                            .setSelector(
                                                AttributeConstraint.Selector.newBuilder()
                                                    .setAttributeName("rack"))
                                            .setPredicate(
                                                AttributeConstraint.Predicate.newBuilder()
                                                    .setTextEquals(
                                                        AttributeConstraint.Predicate.TextEquals
                                                            .newBuilder()
                                                            .setValue("r1")))))
                            .build()))
            .build();
    return Response.newBuilder()
        .setType(Response.Type.GET_STATE)
        .setGetState(
            Response.GetState.newBuilder()
                .setGetTasks(
                    Response.GetTasks.newBuilder().addTasks(running).addCompletedTasks(finished))
                .setGetExecutors(
                    Response.GetExecutors.newBuilder()
                        .addExecutors(
                            Response.GetExecutors.Executor.newBuilder()
                                .setExecutorInfo(task.getExecutor())
                                .setAgentId(task.getAgentId())))
                .setGetFrameworks(Response.GetFrameworks.newBuilder().addFrameworks(framework))
                .setGetAgents(Response.GetAgents.newBuilder().addAgents(agent)))
        .build();
  }
}
