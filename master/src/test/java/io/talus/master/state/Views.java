package io.talus.master.state;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo.Capability;
import io.talus.mesos.v1.Protos.Label;
import io.talus.mesos.v1.Protos.Labels;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.TaskRecord;
import io.talus.protocol.resources.ResourceParser;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The cluster the rendering tests look at: two agents (a1 ACTIVE and connected, a2 UNREACHABLE),
 * two frameworks (f1 ACTIVE and connected, with a RUNNING and a STAGING task and an offer on a1;
 * f2 REMOVED), and two completed tasks (one of each framework).
 */
final class Views {

  /** 2023-11-14T22:13:20Z, a round number of seconds. */
  static final long START = 1_700_000_000_000_000_000L;

  static final long NOW = START + 90_000_000_000L;
  static final String CLUSTER = "c0ffee";
  static final String A1 = CLUSTER + "-S3-0";
  static final String A2 = CLUSTER + "-S4-0";
  static final String F1 = CLUSTER + "-5-0";
  static final String F2 = CLUSTER + "-6-0";

  /** 127.0.0.1 as Mesos stores it in MasterInfo.ip: s_addr read as a little-endian uint32. */
  static final int LOCALHOST_S_ADDR = 0x0100007F;

  static final MasterInfo SELF =
      MasterInfo.newBuilder()
          .setId("m1")
          .setIp(LOCALHOST_S_ADDR)
          .setPort(5050)
          .setHostname("master1")
          .addCapabilities(
              MasterInfo.Capability.newBuilder().setType(MasterInfo.Capability.Type.AGENT_UPDATE))
          .build();

  private Views() {}

  static MasterView cluster() {
    return withFrameworks(List.of(f1(true), f2Removed()));
  }

  static MasterView withFrameworks(List<FrameworkView> frameworks) {
    return new MasterView(
        SELF,
        Optional.of(SELF),
        true,
        START,
        OptionalLong.of(START + 2_500_000_000L),
        Optional.of(CLUSTER),
        raft(),
        List.of(a1(), a2()),
        frameworks,
        List.of(
            task(F2, "done", A1, TaskState.TASK_FINISHED, "cpus:1;mem:64", "batch"),
            task(F1, "crashed", A1, TaskState.TASK_FAILED, "cpus:1;mem:64", "web")),
        Map.of("version", "0.1.0", "git_sha", "abc123", "cluster", "prod", "port", "5050"),
        7,
        3,
        NOW);
  }

  static RaftView raft() {
    return new RaftView(
        "m1",
        Optional.of("m1"),
        4,
        120,
        118,
        101,
        Map.of("m2", "10.0.0.2:9872", "m1", "10.0.0.1:9872", "m3", "10.0.0.3:9872"));
  }

  static AgentView a1() {
    AgentInfo info =
        AgentInfo.newBuilder()
            .setHostname("host1")
            .setPort(5051)
            .setId(AgentID.newBuilder().setValue(A1))
            .addAllResources(
                Resources.parse(
                        "cpus:12;cpus(analytics):4;mem:65536;disk:500000;ports:[31000-32000]")
                    .toList())
            .addAllAttributes(
                ResourceParser.parseAttributes("rack:r1;level:3;slots:[1-4];zone:{a,b}"))
            .build();
    AgentRecord record =
        AgentRecord.newBuilder()
            .setInfo(info)
            .setState(AgentRecord.State.ACTIVE)
            .setEndpoint("10.0.0.11:5051")
            .setVersion("0.1.0")
            .setRegisteredTimeNanos(START + 10_000_000_000L)
            .setReregisteredTimeNanos(START + 20_500_000_000L)
            .build();
    return new AgentView(
        record, true, allocated("cpus:3;mem:384", "web"), allocated("cpus:4;mem:1024", "web"));
  }

  static AgentView a2() {
    AgentInfo info =
        AgentInfo.newBuilder()
            .setHostname("host2")
            .setId(AgentID.newBuilder().setValue(A2))
            .addAllResources(Resources.parse("cpus:8;mem:32768;disk:100000").toList())
            .build();
    AgentRecord record =
        AgentRecord.newBuilder()
            .setInfo(info)
            .setState(AgentRecord.State.UNREACHABLE)
            .setEndpoint("10.0.0.12:5051")
            .setRegisteredTimeNanos(START + 11_000_000_000L)
            .setUnreachableTimeNanos(START + 60_000_000_000L)
            .build();
    return new AgentView(record, false, Resources.empty(), Resources.empty());
  }

  static FrameworkView f1(boolean connected) {
    return f1(FrameworkRecord.State.ACTIVE, connected);
  }

  static FrameworkView f1(FrameworkRecord.State state, boolean connected) {
    FrameworkInfo info =
        FrameworkInfo.newBuilder()
            .setId(FrameworkID.newBuilder().setValue(F1))
            .setUser("root")
            .setName("marathon")
            .setRole("web")
            .setFailoverTimeout(3600)
            .setCheckpoint(true)
            .setPrincipal("ops")
            .setHostname("sched1")
            .setWebuiUrl("http://sched1:8080")
            .addCapabilities(Capability.newBuilder().setType(Capability.Type.PARTITION_AWARE))
            .build();
    FrameworkRecord record =
        FrameworkRecord.newBuilder()
            .setInfo(info)
            .setState(state)
            .setRegisteredTimeNanos(START + 30_000_000_000L)
            .build();
    TaskRecord running = task(F1, "t1", A1, TaskState.TASK_RUNNING, "cpus:1;mem:128", "web");
    TaskRecord staging = task(F1, "t2", A1, TaskState.TASK_STAGING, "cpus:2;mem:256", "web");
    Offer offer =
        Offer.newBuilder()
            .setId(OfferID.newBuilder().setValue(CLUSTER + "-O1"))
            .setFrameworkId(FrameworkID.newBuilder().setValue(F1))
            .setAgentId(AgentID.newBuilder().setValue(A1))
            .setHostname("host1")
            .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("web"))
            .addAllResources(allocated("cpus:4;mem:1024", "web").toList())
            .build();
    return new FrameworkView(
        record,
        connected,
        List.of(running, staging),
        List.of(offer),
        allocated("cpus:3;mem:384", "web"),
        allocated("cpus:4;mem:1024", "web"));
  }

  static FrameworkView f2Removed() {
    FrameworkInfo info =
        FrameworkInfo.newBuilder()
            .setId(FrameworkID.newBuilder().setValue(F2))
            .setUser("batch")
            .setName("spark")
            .addRoles("batch")
            .addRoles("adhoc")
            .addCapabilities(Capability.newBuilder().setType(Capability.Type.MULTI_ROLE))
            .build();
    FrameworkRecord record =
        FrameworkRecord.newBuilder()
            .setInfo(info)
            .setState(FrameworkRecord.State.REMOVED)
            .setRegisteredTimeNanos(START + 31_000_000_000L)
            .setRemovedTimeNanos(START + 80_000_000_000L)
            .build();
    return new FrameworkView(
        record, false, List.of(), List.of(), Resources.empty(), Resources.empty());
  }

  static TaskRecord task(
      String frameworkId,
      String taskId,
      String agentId,
      TaskState state,
      String resources,
      String role) {
    TaskInfo info =
        TaskInfo.newBuilder()
            .setName("task " + taskId)
            .setTaskId(TaskID.newBuilder().setValue(taskId))
            .setAgentId(AgentID.newBuilder().setValue(agentId))
            .addAllResources(allocated(resources, role).toList())
            .setLabels(
                Labels.newBuilder().addLabels(Label.newBuilder().setKey("tier").setValue("gold")))
            .build();
    return TaskRecord.newBuilder()
        .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
        .setAgentId(info.getAgentId())
        .setInfo(info)
        .setLatestStatus(
            TaskStatus.newBuilder()
                .setTaskId(info.getTaskId())
                .setState(state)
                .setTimestamp(1_700_000_040.25))
        .setAcknowledged(true)
        .setLaunchedTimeNanos(START + 40_000_000_000L)
        .build();
  }

  /** Resources as allocated to {@code role}: each carries {@code allocation_info.role}. */
  static Resources allocated(String text, String role) {
    List<Resource> out = new ArrayList<>();
    for (Resource r : Resources.parse(text)) {
      out.add(
          r.toBuilder()
              .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role))
              .build());
    }
    return Resources.of(out);
  }
}
