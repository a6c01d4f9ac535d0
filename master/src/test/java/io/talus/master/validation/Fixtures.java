package io.talus.master.validation;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo.Capability;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.TaskGroupInfo;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.scheduler.Protos.Call;
import io.talus.protocol.resources.Resources;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Short names for the protos the validation tests build. */
final class Fixtures {

  static final String ROLE = "web";
  static final FrameworkID FW = fw("fw-1");
  static final AgentID AGENT = agent("agent-1");

  private Fixtures() {}

  static FrameworkID fw(String id) {
    return FrameworkID.newBuilder().setValue(id).build();
  }

  static AgentID agent(String id) {
    return AgentID.newBuilder().setValue(id).build();
  }

  static OfferID offerId(String id) {
    return OfferID.newBuilder().setValue(id).build();
  }

  static TaskID taskId(String id) {
    return TaskID.newBuilder().setValue(id).build();
  }

  /** Unlabelled resources, as a single-role framework writes them. */
  static List<Resource> res(String text) {
    return Resources.parse(text).toList();
  }

  /** Resources labelled with the role they were allocated to, as offers carry them. */
  static Resources allocated(String text, String role) {
    return Resources.of(
        Resources.parse(text).toList().stream()
            .map(
                r ->
                    r.toBuilder()
                        .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role))
                        .build())
            .toList());
  }

  static FrameworkInfo framework(Capability.Type... capabilities) {
    FrameworkInfo.Builder b = FrameworkInfo.newBuilder().setUser("u").setName("n").setId(FW);
    for (Capability.Type c : capabilities) {
      b.addCapabilities(Capability.newBuilder().setType(c));
    }
    return b.build();
  }

  static Offer offer(String id, FrameworkID fw, AgentID agent, String resources) {
    return Offer.newBuilder()
        .setId(offerId(id))
        .setFrameworkId(fw)
        .setAgentId(agent)
        .setHostname("host")
        .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(ROLE))
        .addAllResources(allocated(resources, ROLE))
        .build();
  }

  static Offer offer(String id, String resources) {
    return offer(id, FW, AGENT, resources);
  }

  static Function<OfferID, Optional<Offer>> known(Offer... offers) {
    Map<OfferID, Offer> byId =
        Arrays.stream(offers).collect(Collectors.toMap(Offer::getId, o -> o));
    return id -> Optional.ofNullable(byId.get(id));
  }

  static TaskInfo.Builder commandTask(String id, String resources) {
    return TaskInfo.newBuilder()
        .setName(id)
        .setTaskId(taskId(id))
        .setAgentId(AGENT)
        .addAllResources(res(resources))
        .setCommand(CommandInfo.newBuilder().setValue("sleep 1"));
  }

  static ExecutorInfo.Builder executor(String id, String resources) {
    return ExecutorInfo.newBuilder()
        .setExecutorId(ExecutorID.newBuilder().setValue(id))
        .addAllResources(res(resources));
  }

  static Offer.Operation launch(TaskInfo.Builder... tasks) {
    Offer.Operation.Launch.Builder launch = Offer.Operation.Launch.newBuilder();
    for (TaskInfo.Builder t : tasks) {
      launch.addTaskInfos(t);
    }
    return Offer.Operation.newBuilder()
        .setType(Offer.Operation.Type.LAUNCH)
        .setLaunch(launch)
        .build();
  }

  static Offer.Operation launchGroup(ExecutorInfo.Builder executor, TaskInfo.Builder... tasks) {
    TaskGroupInfo.Builder group = TaskGroupInfo.newBuilder();
    for (TaskInfo.Builder t : tasks) {
      group.addTasks(t);
    }
    return Offer.Operation.newBuilder()
        .setType(Offer.Operation.Type.LAUNCH_GROUP)
        .setLaunchGroup(
            Offer.Operation.LaunchGroup.newBuilder().setExecutor(executor).setTaskGroup(group))
        .build();
  }

  static Call.Accept accept(List<String> offerIds, Offer.Operation... operations) {
    Call.Accept.Builder b = Call.Accept.newBuilder();
    offerIds.forEach(id -> b.addOfferIds(offerId(id)));
    b.addAllOperations(Arrays.asList(operations));
    return b.build();
  }

  static AcceptResult validate(
      Call.Accept accept, FrameworkInfo framework, Set<TaskID> live, Offer... offers) {
    return AcceptValidator.validate(accept, FW, framework, known(offers), live);
  }

  static AcceptResult validate(Call.Accept accept, Offer... offers) {
    return validate(accept, framework(), Set.of(), offers);
  }
}
