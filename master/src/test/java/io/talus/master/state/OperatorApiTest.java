package io.talus.master.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.KillPolicy;
import io.talus.mesos.v1.Protos.Label;
import io.talus.mesos.v1.Protos.Labels;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.mesos.v1.Protos.Metric;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.Task;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.Protos.TimeInfo;
import io.talus.mesos.v1.Protos.VersionInfo;
import io.talus.mesos.v1.master.Protos.Call;
import io.talus.mesos.v1.master.Protos.Response;
import io.talus.mesos.v1.master.Protos.Response.GetAgents;
import io.talus.mesos.v1.master.Protos.Response.GetFrameworks;
import io.talus.mesos.v1.master.Protos.Response.GetTasks;
import io.talus.protocol.json.MesosJson;
import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.TaskRecord;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The operator API over a hand-built cluster: agent a1 ACTIVE, agent a2 UNREACHABLE; framework f1
 * ACTIVE and connected, with a RUNNING task on a1, a FINISHED task on a1 whose update is not yet
 * acknowledged, a task on a2 that became TASK_UNREACHABLE and an offer on a1; framework f2
 * REMOVED; and one completed task of f2 the master remembers.
 */
class OperatorApiTest {

  private static final long START = 1_700_000_000_000_000_000L;
  private static final long SEC = 1_000_000_000L;
  private static final String A1 = "c0ffee-S3-0";
  private static final String A2 = "c0ffee-S4-0";
  private static final String F1 = "c0ffee-5-0";
  private static final String F2 = "c0ffee-6-0";
  private static final ByteString T2_UUID = ByteString.copyFromUtf8("0123456789abcdef");

  private static final MasterInfo SELF =
      MasterInfo.newBuilder().setId("m1").setIp(0x0100007F).setPort(5050).setHostname("m1").build();
  private static final MasterInfo OTHER =
      MasterInfo.newBuilder().setId("m2").setIp(0x0200007F).setPort(5050).setHostname("m2").build();
  private static final VersionInfo VERSION =
      VersionInfo.newBuilder()
          .setVersion("1.11.0")
          .setBuildUser("talus")
          .setGitSha("abc123")
          .build();

  // --- the cluster ---------------------------------------------------------------------------

  private static final AgentInfo A1_INFO =
      AgentInfo.newBuilder()
          .setHostname("host1")
          .setPort(5051)
          .setId(AgentID.newBuilder().setValue(A1))
          .addAllResources(
              Resources.parse("cpus:8;mem:16384;disk:100000;ports:[31000-32000]").toList())
          .build();
  private static final Resources A1_USED = allocated("cpus:1;mem:128");
  private static final Resources A1_OFFERED = allocated("cpus:4;mem:1024");

  private static AgentView a1() {
    return new AgentView(
        AgentRecord.newBuilder()
            .setInfo(A1_INFO)
            .setState(AgentRecord.State.ACTIVE)
            .setEndpoint("http://10.0.0.11:5051")
            .setVersion("0.1.0")
            .setRegisteredTimeNanos(START + 10 * SEC)
            .setReregisteredTimeNanos(START + 20 * SEC)
            .build(),
        true,
        A1_USED,
        A1_OFFERED);
  }

  private static AgentView a2Unreachable() {
    AgentInfo info =
        AgentInfo.newBuilder()
            .setHostname("host2")
            .setId(AgentID.newBuilder().setValue(A2))
            .addAllResources(Resources.parse("cpus:4;mem:8192").toList())
            .build();
    return new AgentView(
        AgentRecord.newBuilder()
            .setInfo(info)
            .setState(AgentRecord.State.UNREACHABLE)
            .setEndpoint("10.0.0.12:5051")
            .setRegisteredTimeNanos(START + 11 * SEC)
            .setUnreachableTimeNanos(START + 60 * SEC)
            .build(),
        false,
        Resources.empty(),
        Resources.empty());
  }

  private static TaskRecord task(String framework, String id, String agent, TaskState state) {
    TaskInfo info =
        TaskInfo.newBuilder()
            .setName("task " + id)
            .setTaskId(TaskID.newBuilder().setValue(id))
            .setAgentId(AgentID.newBuilder().setValue(agent))
            .addAllResources(allocated("cpus:1;mem:128").toList())
            .setCommand(CommandInfo.newBuilder().setValue("sleep 1000"))
            .build();
    return TaskRecord.newBuilder()
        .setFrameworkId(FrameworkID.newBuilder().setValue(framework))
        .setAgentId(info.getAgentId())
        .setInfo(info)
        .setLatestStatus(
            TaskStatus.newBuilder()
                .setTaskId(info.getTaskId())
                .setState(state)
                .setData(ByteString.copyFromUtf8("agent's private bytes"))
                .setTimestamp(1_700_000_040.25))
        .setAcknowledged(true)
        .setLaunchedTimeNanos(START + 40 * SEC)
        .build();
  }

  /** t1: RUNNING under a custom executor, with labels, kill policy and a user. */
  private static TaskRecord t1Running() {
    TaskRecord t = task(F1, "t1", A1, TaskState.TASK_RUNNING);
    TaskInfo info =
        t.getInfo().toBuilder()
            .clearCommand()
            .setExecutor(
                ExecutorInfo.newBuilder()
                    .setExecutorId(ExecutorID.newBuilder().setValue("e1"))
                    .setCommand(CommandInfo.newBuilder().setValue("./exec").setUser("nobody")))
            .setLabels(
                Labels.newBuilder().addLabels(Label.newBuilder().setKey("tier").setValue("gold")))
            .setKillPolicy(KillPolicy.newBuilder())
            .build();
    return t.toBuilder()
        .setInfo(info)
        .setExecutorId(info.getExecutor().getExecutorId())
        .build();
  }

  /** t2: FINISHED, its update (with a uuid) not yet acknowledged by f1. */
  private static TaskRecord t2FinishedUnacknowledged() {
    TaskRecord t = task(F1, "t2", A1, TaskState.TASK_FINISHED);
    return t.toBuilder()
        .setLatestStatus(t.getLatestStatus().toBuilder().setUuid(T2_UUID))
        .setAcknowledged(false)
        .build();
  }

  private static TaskRecord t3Unreachable() {
    return task(F1, "t3", A2, TaskState.TASK_UNREACHABLE);
  }

  private static TaskRecord oldCompleted() {
    return task(F2, "old", A1, TaskState.TASK_KILLED);
  }

  private static final Offer OFFER =
      Offer.newBuilder()
          .setId(OfferID.newBuilder().setValue("c0ffee-O1"))
          .setFrameworkId(FrameworkID.newBuilder().setValue(F1))
          .setAgentId(AgentID.newBuilder().setValue(A1))
          .setHostname("host1")
          .addAllResources(A1_OFFERED.toList())
          .build();

  private static FrameworkView f1(FrameworkRecord.State state, boolean connected) {
    FrameworkInfo info =
        FrameworkInfo.newBuilder()
            .setId(FrameworkID.newBuilder().setValue(F1))
            .setUser("root")
            .setName("marathon")
            .build();
    FrameworkRecord record =
        FrameworkRecord.newBuilder()
            .setInfo(info)
            .setState(state)
            .setRegisteredTimeNanos(START + 30 * SEC)
            .setReregisteredTimeNanos(START + 35 * SEC)
            .build();
    return new FrameworkView(
        record,
        connected,
        List.of(t1Running(), t2FinishedUnacknowledged(), t3Unreachable()),
        connected ? List.of(OFFER) : List.of(),
        A1_USED,
        connected ? A1_OFFERED : Resources.empty());
  }

  private static FrameworkView f2Removed() {
    FrameworkRecord record =
        FrameworkRecord.newBuilder()
            .setInfo(
                FrameworkInfo.newBuilder()
                    .setId(FrameworkID.newBuilder().setValue(F2))
                    .setUser("batch")
                    .setName("spark"))
            .setState(FrameworkRecord.State.REMOVED)
            .setRegisteredTimeNanos(START + 31 * SEC)
            .setRemovedTimeNanos(START + 80 * SEC)
            .build();
    return new FrameworkView(
        record, false, List.of(), List.of(), Resources.empty(), Resources.empty());
  }

  private static MasterView view(
      boolean elected, List<FrameworkView> frameworks, List<TaskRecord> completed) {
    return new MasterView(
        SELF,
        Optional.of(elected ? SELF : OTHER),
        elected,
        START,
        elected ? OptionalLong.of(START + 2_500_000_000L) : OptionalLong.empty(),
        Optional.of("c0ffee"),
        new RaftView("m1", Optional.of("m1"), 4, 120, 118, 101, Map.of("m1", "10.0.0.1:9872")),
        List.of(a1(), a2Unreachable()),
        frameworks,
        completed,
        Map.of("port", "5050", "cluster", "prod"),
        0,
        0,
        START + 90 * SEC);
  }

  private static MasterView cluster() {
    return view(
        true,
        List.of(f1(FrameworkRecord.State.ACTIVE, true), f2Removed()),
        List.of(oldCompleted()));
  }

  private static Resources allocated(String text) {
    List<Resource> out = new ArrayList<>();
    for (Resource r : Resources.parse(text)) {
      out.add(
          r.toBuilder()
              .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("web"))
              .build());
    }
    return Resources.of(out);
  }

  private static Call call(Call.Type type) {
    return Call.newBuilder().setType(type).build();
  }

  private static Response ok(Call.Type type, MasterView view) {
    OperatorReply reply = OperatorApi.answer(call(type), view, VERSION);
    assertThat(reply.status()).as("%s: %s", type, reply.error()).isEqualTo(200);
    assertThat(reply.error()).isEmpty();
    Response response = reply.response().orElseThrow();
    assertThat(response.getType().name()).isEqualTo(type.name());
    assertThat(MesosJson.print(response)).contains("\"type\":\"" + type.name() + "\"");
    return response;
  }

  private static Response ok(Call.Type type) {
    return ok(type, cluster());
  }

  private static TimeInfo time(long nanos) {
    return TimeInfo.newBuilder().setNanoseconds(nanos).build();
  }

  private static List<String> taskIds(List<Task> tasks) {
    return tasks.stream().map(t -> t.getTaskId().getValue()).toList();
  }

  // --- the calls -----------------------------------------------------------------------------

  @Test
  void getHealthIsHealthy() {
    Response response = ok(Call.Type.GET_HEALTH);

    assertThat(response.getGetHealth().getHealthy()).isTrue();
    assertThat(MesosJson.print(response))
        .contains("\"type\":\"GET_HEALTH\"")
        .contains("\"get_health\":{\"healthy\":true}");
  }

  @Test
  void getVersionIsTheCallersVersionInfo() {
    Response response = ok(Call.Type.GET_VERSION);

    assertThat(response.getGetVersion().getVersionInfo()).isEqualTo(VERSION);
    assertThat(MesosJson.print(response))
        .contains("\"get_version\":{\"version_info\":{\"version\":\"1.11.0\"");
  }

  @Test
  void getMasterOnTheLeaderHasItsInfoAndTimes() {
    Response.GetMaster master = ok(Call.Type.GET_MASTER).getGetMaster();

    assertThat(master.getMasterInfo()).isEqualTo(SELF);
    assertThat(master.getStartTime()).isEqualTo(1_700_000_000.0);
    assertThat(master.getElectedTime()).isEqualTo(1_700_000_002.5);
  }

  @Test
  void getMasterOnAFollowerIsItselfAndNeverElected() {
    MasterView follower = view(false, List.of(f2Removed()), List.of());

    Response.GetMaster master = ok(Call.Type.GET_MASTER, follower).getGetMaster();

    assertThat(master.getMasterInfo()).isEqualTo(SELF);
    assertThat(master.getStartTime()).isEqualTo(1_700_000_000.0);
    assertThat(master.hasElectedTime()).isFalse();
  }

  @Test
  void getAgentsListsOnlyTheActiveAgent() {
    Response response = ok(Call.Type.GET_AGENTS);
    GetAgents agents = response.getGetAgents();

    assertThat(agents.getAgentsList()).hasSize(1);
    assertThat(agents.getRecoveredAgentsList()).isEmpty();
    GetAgents.Agent a = agents.getAgents(0);
    assertThat(a.getAgentInfo()).isEqualTo(A1_INFO);
    assertThat(a.getActive()).isTrue();
    assertThat(a.getDeactivated()).isFalse();
    assertThat(a.getVersion()).isEqualTo("0.1.0");
    assertThat(a.getPid()).isEqualTo("slave(1)@10.0.0.11:5051");
    assertThat(a.getRegisteredTime()).isEqualTo(time(START + 10 * SEC));
    assertThat(a.getReregisteredTime()).isEqualTo(time(START + 20 * SEC));
    assertThat(Resources.of(a.getTotalResourcesList()))
        .isEqualTo(Resources.parse("cpus:8;mem:16384;disk:100000;ports:[31000-32000]"));
    assertThat(Resources.of(a.getAllocatedResourcesList())).isEqualTo(A1_USED);
    assertThat(Resources.of(a.getOfferedResourcesList())).isEqualTo(A1_OFFERED);
    assertThat(MesosJson.print(response))
        .contains("\"pid\":\"slave(1)@10.0.0.11:5051\"")
        .doesNotContain(A2);
  }

  @Test
  void agentPidComesFromTheEndpointInEitherFormOrFromTheAgentInfo() {
    AgentRecord.Builder record = a1().record().toBuilder();

    assertThat(OperatorApi.agentPid(record.setEndpoint("10.0.0.11:5051").build()))
        .isEqualTo("slave(1)@10.0.0.11:5051");
    assertThat(OperatorApi.agentPid(record.setEndpoint("https://10.0.0.11:5052/").build()))
        .isEqualTo("slave(1)@10.0.0.11:5052");
    assertThat(OperatorApi.agentPid(record.clearEndpoint().build()))
        .isEqualTo("slave(1)@host1:5051");
  }

  @Test
  void getFrameworksSplitsRegisteredFromRemoved() {
    Response response = ok(Call.Type.GET_FRAMEWORKS);
    GetFrameworks frameworks = response.getGetFrameworks();

    assertThat(frameworks.getFrameworksList()).hasSize(1);
    GetFrameworks.Framework f1 = frameworks.getFrameworks(0);
    assertThat(f1.getFrameworkInfo().getId().getValue()).isEqualTo(F1);
    assertThat(f1.getActive()).isTrue();
    assertThat(f1.getConnected()).isTrue();
    assertThat(f1.getRecovered()).isFalse();
    assertThat(f1.getRegisteredTime()).isEqualTo(time(START + 30 * SEC));
    assertThat(f1.getReregisteredTime()).isEqualTo(time(START + 35 * SEC));
    assertThat(f1.hasUnregisteredTime()).isFalse();
    assertThat(f1.getOffersList()).containsExactly(OFFER);
    assertThat(Resources.of(f1.getAllocatedResourcesList())).isEqualTo(A1_USED);
    assertThat(Resources.of(f1.getOfferedResourcesList())).isEqualTo(A1_OFFERED);

    assertThat(frameworks.getCompletedFrameworksList()).hasSize(1);
    GetFrameworks.Framework f2 = frameworks.getCompletedFrameworks(0);
    assertThat(f2.getFrameworkInfo().getId().getValue()).isEqualTo(F2);
    assertThat(f2.getActive()).isFalse();
    assertThat(f2.getConnected()).isFalse();
    assertThat(f2.getRecovered()).isFalse();
    assertThat(f2.getRegisteredTime()).isEqualTo(time(START + 31 * SEC));
    assertThat(f2.getUnregisteredTime()).isEqualTo(time(START + 80 * SEC));
    assertThat(f2.getOffersList()).isEmpty();
    assertThat(frameworks.getRecoveredFrameworksList()).isEmpty();
  }

  @Test
  void aFrameworkNotYetResubscribedToTheLeaderIsRecovered() {
    MasterView leader =
        view(true, List.of(f1(FrameworkRecord.State.ACTIVE, false)), List.of());

    GetFrameworks.Framework f1 =
        ok(Call.Type.GET_FRAMEWORKS, leader).getGetFrameworks().getFrameworks(0);

    assertThat(f1.getRecovered()).isTrue();
    assertThat(f1.getActive()).isFalse();
    assertThat(f1.getConnected()).isFalse();
  }

  @Test
  void aFollowerRecoversNothingAndADisconnectedFrameworkIsNotRecovered() {
    MasterView follower =
        view(false, List.of(f1(FrameworkRecord.State.ACTIVE, false)), List.of());
    MasterView disconnected =
        view(true, List.of(f1(FrameworkRecord.State.DISCONNECTED, false)), List.of());

    GetFrameworks.Framework onFollower =
        ok(Call.Type.GET_FRAMEWORKS, follower).getGetFrameworks().getFrameworks(0);
    GetFrameworks.Framework gone =
        ok(Call.Type.GET_FRAMEWORKS, disconnected).getGetFrameworks().getFrameworks(0);

    assertThat(onFollower.getRecovered()).isFalse();
    assertThat(gone.getRecovered()).isFalse();
    assertThat(gone.getActive()).isFalse();
    assertThat(gone.getConnected()).isFalse();
  }

  @Test
  void getTasksSortsTasksByTheirLatestState() {
    GetTasks tasks = ok(Call.Type.GET_TASKS).getGetTasks();

    assertThat(taskIds(tasks.getTasksList())).containsExactly("t1");
    assertThat(taskIds(tasks.getUnreachableTasksList())).containsExactly("t3");
    assertThat(taskIds(tasks.getCompletedTasksList())).containsExactly("old", "t2");
    assertThat(tasks.getPendingTasksList()).isEmpty();
    assertThat(tasks.getOrphanTasksList()).isEmpty();

    Task t3 = tasks.getUnreachableTasks(0);
    assertThat(t3.getState()).isEqualTo(TaskState.TASK_UNREACHABLE);
    assertThat(t3.getAgentId().getValue()).isEqualTo(A2);
    Task old = tasks.getCompletedTasks(0);
    assertThat(old.getFrameworkId().getValue()).isEqualTo(F2);
    assertThat(old.getState()).isEqualTo(TaskState.TASK_KILLED);
  }

  @Test
  void aTaskCarriesItsLaunchAndLatestStatusAsMesosWritesThem() {
    GetTasks tasks = ok(Call.Type.GET_TASKS).getGetTasks();
    TaskRecord record = t1Running();

    Task t1 = tasks.getTasks(0);
    assertThat(t1.getName()).isEqualTo("task t1");
    assertThat(t1.getFrameworkId().getValue()).isEqualTo(F1);
    assertThat(t1.getAgentId().getValue()).isEqualTo(A1);
    assertThat(t1.getExecutorId().getValue()).isEqualTo("e1");
    assertThat(t1.getState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(t1.getResourcesList()).isEqualTo(record.getInfo().getResourcesList());
    assertThat(t1.getStatusesList())
        .containsExactly(record.getLatestStatus().toBuilder().clearData().build());
    assertThat(t1.getStatusUpdateState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(t1.hasStatusUpdateUuid()).isFalse();
    assertThat(t1.getLabels()).isEqualTo(record.getInfo().getLabels());
    assertThat(t1.hasKillPolicy()).isTrue();
    assertThat(t1.hasContainer()).isFalse();
    assertThat(t1.getUser()).isEqualTo("nobody");

    Task t2 = tasks.getCompletedTasks(1);
    assertThat(t2.getState()).isEqualTo(TaskState.TASK_FINISHED);
    assertThat(t2.getStatusUpdateState()).isEqualTo(TaskState.TASK_FINISHED);
    assertThat(t2.getStatusUpdateUuid()).isEqualTo(T2_UUID);
    assertThat(t2.hasExecutorId()).isFalse();
    assertThat(t2.hasLabels()).isFalse();
  }

  @Test
  void aTaskBothInTheRegistryAndRememberedIsListedOnceAsTheRegistryHasIt() {
    TaskRecord registered = t2FinishedUnacknowledged();
    TaskRecord remembered =
        registered.toBuilder()
            .setLatestStatus(registered.getLatestStatus().toBuilder().clearUuid())
            .build();
    MasterView view =
        view(
            true,
            List.of(f1(FrameworkRecord.State.ACTIVE, true), f2Removed()),
            List.of(oldCompleted(), remembered));

    GetTasks tasks = ok(Call.Type.GET_TASKS, view).getGetTasks();

    assertThat(taskIds(tasks.getCompletedTasksList())).containsExactly("old", "t2");
    assertThat(tasks.getCompletedTasks(1).getStatusUpdateUuid()).isEqualTo(T2_UUID);
  }

  @Test
  void getExecutorsListsTheExecutorsOfRunningTasks() {
    Response.GetExecutors executors = ok(Call.Type.GET_EXECUTORS).getGetExecutors();

    assertThat(executors.getExecutorsList()).hasSize(1);
    Response.GetExecutors.Executor e1 = executors.getExecutors(0);
    assertThat(e1.getAgentId().getValue()).isEqualTo(A1);
    assertThat(e1.getExecutorInfo().getExecutorId().getValue()).isEqualTo("e1");
    assertThat(e1.getExecutorInfo().getFrameworkId().getValue()).isEqualTo(F1);
  }

  @Test
  void getStateIsTheFourAnswersTogether() {
    Response response = ok(Call.Type.GET_STATE);
    Response.GetState state = response.getGetState();

    assertThat(state.getGetTasks()).isEqualTo(ok(Call.Type.GET_TASKS).getGetTasks());
    assertThat(state.getGetExecutors()).isEqualTo(ok(Call.Type.GET_EXECUTORS).getGetExecutors());
    assertThat(state.getGetFrameworks())
        .isEqualTo(ok(Call.Type.GET_FRAMEWORKS).getGetFrameworks());
    assertThat(state.getGetAgents()).isEqualTo(ok(Call.Type.GET_AGENTS).getGetAgents());
    assertThat(state.getGetAgents().getAgentsCount()).isEqualTo(1);
    assertThat(state.getGetTasks().getTasksCount()).isEqualTo(1);
    assertThat(MesosJson.print(response))
        .contains("\"get_state\":{\"get_tasks\":{")
        .contains("\"get_agents\":{\"agents\":[");
  }

  @Test
  void getMetricsIsTheMetricsSnapshot() {
    MasterView view = cluster();

    List<Metric> metrics = ok(Call.Type.GET_METRICS, view).getGetMetrics().getMetricsList();

    assertThat(metrics).hasSize(MetricsSnapshot.render(view).size());
    assertThat(metrics)
        .contains(Metric.newBuilder().setName("master/elected").setValue(1.0).build());
  }

  @Test
  void getFlagsListsTheFlagsByName() {
    Response.GetFlags flags = ok(Call.Type.GET_FLAGS).getGetFlags();

    assertThat(flags.getFlagsList().stream().map(f -> f.getName() + "=" + f.getValue()))
        .containsExactly("cluster=prod", "port=5050");
  }

  @Test
  void everyOtherCallIsNotImplemented() {
    for (Call.Type type :
        List.of(
            Call.Type.UNKNOWN,
            Call.Type.SUBSCRIBE,
            Call.Type.TEARDOWN,
            Call.Type.GET_ROLES,
            Call.Type.RESERVE_RESOURCES,
            Call.Type.MARK_AGENT_GONE)) {
      OperatorReply reply = OperatorApi.answer(call(type), cluster(), VERSION);

      assertThat(reply.status()).as("%s", type).isEqualTo(501);
      assertThat(reply.response()).isEmpty();
      assertThat(reply.error()).isEqualTo("Talus does not implement operator call " + type);
    }
  }

  @Test
  void aCallWithoutATypeIsABadRequest() {
    OperatorReply reply = OperatorApi.answer(Call.getDefaultInstance(), cluster(), VERSION);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.response()).isEmpty();
    assertThat(reply.error()).isEqualTo("Expecting 'type' to be present");
  }

  @Test
  void aReplyHasAResponseExactlyWhenItIsOk() {
    assertThatThrownBy(() -> new OperatorReply(200, Optional.empty(), ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new OperatorReply(501, Optional.of(Response.getDefaultInstance()), "no"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
