package io.talus.master.state;

import static io.talus.master.state.Views.A1;
import static io.talus.master.state.Views.F1;
import static io.talus.master.state.Views.F2;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talus.mesos.v1.Protos.Address;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.FrameworkRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StateJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text.replace('\'', '"'));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void topLevelHasMesosKeysInMesosOrderAndTheMastersFacts() throws Exception {
    ObjectNode state = StateJson.render(Views.cluster());

    assertThat(fieldNames(state))
        .containsExactly(
            "version", "talus_version", "git_sha", "build_date", "build_time", "build_user",
            "start_time", "elected_time", "id", "pid", "hostname", "capabilities",
            "activated_slaves", "deactivated_slaves", "unreachable_slaves", "leader",
            "leader_info", "cluster", "flags", "slaves", "recovered_slaves", "frameworks",
            "completed_frameworks", "orphan_tasks", "unregistered_frameworks");
    assertThat(state.get("version").asText()).isEqualTo("1.11.0");
    assertThat(state.get("talus_version").asText()).isEqualTo("0.1.0");
    assertThat(state.get("git_sha").asText()).isEqualTo("abc123");
    assertThat(state.get("start_time").doubleValue()).isEqualTo(1_700_000_000.0);
    assertThat(state.get("elected_time").doubleValue()).isEqualTo(1_700_000_002.5);
    assertThat(state.get("id").asText()).isEqualTo("m1");
    assertThat(state.get("pid").asText()).isEqualTo("master@127.0.0.1:5050");
    assertThat(state.get("hostname").asText()).isEqualTo("master1");
    assertThat(state.get("capabilities")).isEqualTo(json("['AGENT_UPDATE']"));
    assertThat(state.get("activated_slaves").doubleValue()).isEqualTo(1.0);
    assertThat(state.get("deactivated_slaves").doubleValue()).isEqualTo(0.0);
    assertThat(state.get("unreachable_slaves").doubleValue()).isEqualTo(1.0);
    assertThat(state.get("leader").asText()).isEqualTo("master@127.0.0.1:5050");
    assertThat(state.get("leader_info"))
        .isEqualTo(
            json("{'id':'m1','pid':'master@127.0.0.1:5050','port':5050,'hostname':'master1'}"));
    assertThat(state.get("cluster").asText()).isEqualTo("c0ffee");
    assertThat(state.has("log_dir")).isFalse();
    assertThat(state.get("flags"))
        .isEqualTo(
            json("{'cluster':'prod','git_sha':'abc123','port':'5050','version':'0.1.0'}"));
    for (String empty :
        List.of("recovered_slaves", "orphan_tasks", "unregistered_frameworks")) {
      assertThat(state.get(empty).isArray()).as(empty).isTrue();
      assertThat(state.get(empty)).as(empty).isEmpty();
    }
  }

  @Test
  void slavesListsOnlyRegisteredAgentsInMesosForm() throws Exception {
    ObjectNode state = StateJson.render(Views.cluster());

    assertThat(state.get("slaves")).hasSize(1);
    assertThat(state.get("slaves").get(0))
        .isEqualTo(
            json(
                "{'id':'" + A1 + "','pid':'slave(1)@10.0.0.11:5051','hostname':'host1',"
                    + "'port':5051,'registered_time':1700000010.0,"
                    + "'reregistered_time':1700000020.5,"
                    + "'resources':{'cpus':16.0,'mem':65536.0,'disk':500000.0,'gpus':0.0,"
                    + "'ports':'[31000-32000]'},"
                    + "'used_resources':{'cpus':3.0,'mem':384.0,'disk':0.0,'gpus':0.0},"
                    + "'offered_resources':{'cpus':4.0,'mem':1024.0,'disk':0.0,'gpus':0.0},"
                    + "'reserved_resources':{'analytics':{'cpus':4.0,'mem':0.0,'disk':0.0,"
                    + "'gpus':0.0}},"
                    + "'unreserved_resources':{'cpus':12.0,'mem':65536.0,'disk':500000.0,"
                    + "'gpus':0.0,'ports':'[31000-32000]'},"
                    + "'attributes':{'rack':'r1','level':3.0,'slots':'[1-4]','zone':'{a, b}'},"
                    + "'active':true,'version':'0.1.0','capabilities':[]}"));
  }

  @Test
  void activeFrameworkWithTasksOffersAndCompletedTasks() throws Exception {
    ObjectNode state = StateJson.render(Views.cluster());

    assertThat(state.get("frameworks")).hasSize(1);
    String task =
        "{'id':'%s','name':'task %s','framework_id':'" + F1 + "','executor_id':'',"
            + "'slave_id':'" + A1 + "','state':'%s',"
            + "'resources':{'cpus':%s,'mem':%s,'disk':0.0,'gpus':0.0},'role':'web',"
            + "'statuses':[{'state':'%s','timestamp':1700000040.25}],"
            + "'labels':[{'key':'tier','value':'gold'}]}";
    assertThat(state.get("frameworks").get(0))
        .isEqualTo(
            json(
                "{'id':'" + F1 + "','name':'marathon',"
                    + "'used_resources':{'cpus':3.0,'mem':384.0,'disk':0.0,'gpus':0.0},"
                    + "'offered_resources':{'cpus':4.0,'mem':1024.0,'disk':0.0,'gpus':0.0},"
                    + "'capabilities':['PARTITION_AWARE'],'hostname':'sched1',"
                    + "'webui_url':'http://sched1:8080','active':true,'connected':true,"
                    + "'recovered':false,'user':'root','failover_timeout':3600.0,"
                    + "'checkpoint':true,'role':'web','roles':['web'],'principal':'ops',"
                    + "'registered_time':1700000030.0,'unregistered_time':0.0,"
                    + "'resources':{'cpus':7.0,'mem':1408.0,'disk':0.0,'gpus':0.0},"
                    + "'tasks':["
                    + String.format(task, "t1", "t1", "TASK_RUNNING", 1.0, 128.0, "TASK_RUNNING")
                    + ","
                    + String.format(task, "t2", "t2", "TASK_STAGING", 2.0, 256.0, "TASK_STAGING")
                    + "],'unreachable_tasks':[],"
                    + "'completed_tasks':["
                    + String.format(
                        task, "crashed", "crashed", "TASK_FAILED", 1.0, 64.0, "TASK_FAILED")
                    + "],'offers':[{'id':'c0ffee-O1','framework_id':'" + F1 + "',"
                    + "'allocation_info':{'role':'web'},'slave_id':'" + A1 + "',"
                    + "'resources':{'cpus':4.0,'mem':1024.0,'disk':0.0,'gpus':0.0}}]}"));
  }

  @Test
  void removedFrameworkIsCompletedWithItsCompletedTasks() {
    ObjectNode state = StateJson.render(Views.cluster());

    assertThat(state.get("completed_frameworks")).hasSize(1);
    JsonNode f2 = state.get("completed_frameworks").get(0);
    assertThat(f2.get("id").asText()).isEqualTo(F2);
    assertThat(f2.get("active").booleanValue()).isFalse();
    assertThat(f2.get("connected").booleanValue()).isFalse();
    assertThat(f2.get("recovered").booleanValue()).isFalse();
    assertThat(f2.get("unregistered_time").doubleValue()).isEqualTo(1_700_000_080.0);
    // MULTI_ROLE: "roles" only, as Mesos writes it.
    assertThat(f2.has("role")).isFalse();
    assertThat(f2.get("roles").toString()).isEqualTo("[\"batch\",\"adhoc\"]");
    assertThat(f2.get("tasks")).isEmpty();
    assertThat(f2.get("completed_tasks")).hasSize(1);
    assertThat(f2.get("completed_tasks").get(0).get("id").asText()).isEqualTo("done");
    assertThat(f2.get("completed_tasks").get(0).get("state").asText()).isEqualTo("TASK_FINISHED");
    assertThat(f2.get("completed_tasks").get(0).get("role").asText()).isEqualTo("batch");
  }

  @Test
  void frameworkFlagsFollowMesosStates() {
    JsonNode recovered =
        StateJson.render(Views.withFrameworks(List.of(Views.f1(false))))
            .get("frameworks")
            .get(0);
    assertThat(recovered.get("active").booleanValue()).isFalse();
    assertThat(recovered.get("connected").booleanValue()).isFalse();
    assertThat(recovered.get("recovered").booleanValue()).isTrue();

    JsonNode disconnected =
        StateJson.render(
                Views.withFrameworks(List.of(Views.f1(FrameworkRecord.State.DISCONNECTED, false))))
            .get("frameworks")
            .get(0);
    assertThat(disconnected.get("active").booleanValue()).isFalse();
    assertThat(disconnected.get("connected").booleanValue()).isFalse();
    assertThat(disconnected.get("recovered").booleanValue()).isFalse();
  }

  @Test
  void unreachableTasksAreListedApart() {
    MasterView view = Views.cluster();
    FrameworkView f1 = view.frameworks().get(0);
    FrameworkView withUnreachable =
        new FrameworkView(
            f1.record(),
            f1.connected(),
            List.of(
                f1.tasks().get(0),
                Views.task(
                    F1,
                    "t9",
                    A1,
                    io.talus.mesos.v1.Protos.TaskState.TASK_UNREACHABLE,
                    "cpus:1;mem:32",
                    "web")),
            f1.offers(),
            f1.used(),
            f1.offered());

    JsonNode f = StateJson.render(Views.withFrameworks(List.of(withUnreachable)))
        .get("frameworks").get(0);

    assertThat(f.get("tasks")).hasSize(1);
    assertThat(f.get("unreachable_tasks")).hasSize(1);
    assertThat(f.get("unreachable_tasks").get(0).get("id").asText()).isEqualTo("t9");
  }

  @Test
  void goneAgentsAppearNowhere() {
    MasterView view = Views.cluster();
    AgentView a2 = Views.a2();
    AgentView gone =
        new AgentView(
            a2.record().toBuilder().setState(AgentRecord.State.GONE).build(),
            false,
            a2.used(),
            a2.offered());
    MasterView withGone =
        new MasterView(view.self(), view.leader(), view.elected(), view.startTimeNanos(),
            view.electedTimeNanos(), view.clusterId(), view.raft(), List.of(Views.a1(), gone),
            view.frameworks(), view.completedTasks(), view.flags(), view.droppedMessages(),
            view.eventQueueMessages(), view.nowNanos());

    ObjectNode state = StateJson.render(withGone);

    assertThat(state.get("unreachable_slaves").doubleValue()).isEqualTo(0.0);
    assertThat(state.get("activated_slaves").doubleValue()).isEqualTo(1.0);
    assertThat(state.get("slaves")).hasSize(1);
  }

  @Test
  void followerWithoutLeaderOrElectionOmitsThem() {
    MasterView view = Views.cluster();
    MasterView follower =
        new MasterView(view.self(), Optional.empty(), false, view.startTimeNanos(),
            OptionalLong.empty(), Optional.empty(), view.raft(), view.agents(),
            view.frameworks(), view.completedTasks(), java.util.Map.of(), 0, 0,
            view.nowNanos());

    ObjectNode state = StateJson.render(follower);

    assertThat(state.has("leader")).isFalse();
    assertThat(state.has("leader_info")).isFalse();
    assertThat(state.has("elected_time")).isFalse();
    assertThat(state.has("cluster")).isFalse();
    assertThat(state.has("talus_version")).isFalse();
    assertThat(state.has("git_sha")).isFalse();
    assertThat(state.get("build_date").asText()).isEmpty();
    assertThat(state.get("build_time").doubleValue()).isEqualTo(0.0);
  }

  @Test
  void masterPidPrefersThePidThenTheAddressThenTheIp() {
    MasterInfo base = MasterInfo.newBuilder().setId("m").setIp(0x0A00000A).setPort(5050).build();

    assertThat(StateJson.masterPid(base)).isEqualTo("master@10.0.0.10:5050");
    assertThat(
            StateJson.masterPid(
                base.toBuilder()
                    .setAddress(Address.newBuilder().setIp("10.1.2.3").setPort(6060))
                    .build()))
        .isEqualTo("master@10.1.2.3:6060");
    assertThat(StateJson.masterPid(base.toBuilder().setPid("master@1.2.3.4:7070").build()))
        .isEqualTo("master@1.2.3.4:7070");
  }

  @Test
  void slavePidFallsBackToHostnameAndPort() {
    AgentRecord noEndpoint = Views.a2().record().toBuilder().clearEndpoint().build();

    assertThat(StateJson.slavePid(noEndpoint)).isEqualTo("slave(1)@host2:5051");
  }
}
