package io.talus.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentStateJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void topLevelKeysFollowMesosAgentState() throws Exception {
    JsonNode state = render(SampleViews.agent());

    assertThat(names(state)).containsExactly(
        "version", "talus_version", "build_date", "build_time", "build_user", "start_time", "id",
        "pid", "hostname", "capabilities", "resources", "reserved_resources",
        "unreserved_resources", "reserved_resources_full", "unreserved_resources_full",
        "attributes", "master_hostname", "flags", "frameworks", "completed_frameworks",
        "isolation", "recovering", "registered", "master");
    assertThat(state.get("version").asText()).isEqualTo("1.11.0");
    assertThat(state.get("talus_version").asText()).isEqualTo("0.1.0-test");
    assertThat(state.get("build_time").isNumber()).isTrue();
    assertThat(state.get("start_time").asDouble()).isEqualTo(1_000.5);
    assertThat(state.get("id").asText()).isEqualTo("A1");
    assertThat(state.get("pid").asText()).isEqualTo("slave(1)@10.0.0.5:5051");
    assertThat(state.get("hostname").asText()).isEqualTo("agent1.example");
    assertThat(state.get("capabilities").toString())
        .isEqualTo("[\"MULTI_ROLE\",\"HIERARCHICAL_ROLE\",\"RESERVATION_REFINEMENT\"]");
    assertThat(state.get("master_hostname").asText()).isEqualTo("10.0.0.1");
    assertThat(state.get("master").asText()).isEqualTo("http://10.0.0.1:5050/");
    assertThat(state.get("flags").toString()).isEqualTo("{\"port\":\"5051\",\"work_dir\":\"/work\"}");
    assertThat(state.get("isolation").asText()).isEqualTo("posix (no isolation)");
    assertThat(state.get("registered").asBoolean()).isTrue();
    assertThat(state.get("recovering").asBoolean()).isFalse();
  }

  @Test
  void resourcesAndAttributesAreFlatMaps() throws Exception {
    JsonNode state = render(SampleViews.agent());

    assertThat(state.get("resources").toString()).isEqualTo(
        "{\"cpus\":6.0,\"mem\":8192.0,\"disk\":10000.0,\"gpus\":0.0,\"ports\":\"[31000-32000]\"}");
    assertThat(state.get("unreserved_resources").toString()).isEqualTo(
        "{\"cpus\":4.0,\"mem\":8192.0,\"disk\":10000.0,\"gpus\":0.0,\"ports\":\"[31000-32000]\"}");
    assertThat(state.get("reserved_resources").toString()).isEqualTo(
        "{\"prod\":{\"cpus\":2.0,\"mem\":0.0,\"disk\":0.0,\"gpus\":0.0}}");
    JsonNode prodFull = state.get("reserved_resources_full").get("prod");
    assertThat(prodFull).hasSize(1);
    assertThat(prodFull.get(0).get("name").asText()).isEqualTo("cpus");
    assertThat(prodFull.get(0).get("scalar").get("value").asDouble()).isEqualTo(2.0);
    assertThat(state.get("unreserved_resources_full")).hasSize(4);
    assertThat(state.get("attributes").toString())
        .isEqualTo("{\"rack\":\"r1\",\"level\":3.0,\"slots\":\"[1-4]\"}");
  }

  @Test
  void anUnregisteredAgentHasNoId() throws Exception {
    JsonNode state = render(SampleViews.agent(Optional.empty(), false, true));

    assertThat(state.has("id")).isFalse();
    assertThat(state.get("registered").asBoolean()).isFalse();
    assertThat(state.get("recovering").asBoolean()).isTrue();
    assertThat(state.get("frameworks").get(0).get("executors").get(0).get("tasks").get(0)
        .get("slave_id").asText()).isEqualTo("A1"); // from the TaskInfo
  }

  @Test
  void frameworksCarryTheirExecutors() throws Exception {
    JsonNode f = render(SampleViews.agent()).get("frameworks").get(0);

    assertThat(names(f)).containsExactly("id", "name", "user", "failover_timeout", "checkpoint",
        "hostname", "principal", "role", "roles", "capabilities", "executors",
        "completed_executors");
    assertThat(f.get("id").asText()).isEqualTo("F1");
    assertThat(f.get("name").asText()).isEqualTo("web");
    assertThat(f.get("user").asText()).isEqualTo("alice");
    assertThat(f.get("failover_timeout").asDouble()).isEqualTo(60.0);
    assertThat(f.get("checkpoint").asBoolean()).isTrue();
    assertThat(f.get("role").asText()).isEqualTo("*");
    assertThat(f.get("roles").toString()).isEqualTo("[\"*\"]");
    assertThat(f.get("capabilities").toString()).isEqualTo("[\"PARTITION_AWARE\"]");
    assertThat(f.get("executors")).hasSize(2);
    assertThat(f.get("completed_executors")).hasSize(1);
    assertThat(f.get("completed_executors").get(0).get("completed_tasks").get(0).get("state")
        .asText()).isEqualTo("TASK_FAILED");
  }

  @Test
  void multiRoleFrameworksHaveRolesOnly() throws Exception {
    JsonNode completed = render(SampleViews.agent()).get("completed_frameworks");

    assertThat(completed).hasSize(1);
    assertThat(completed.get(0).get("id").asText()).isEqualTo("F0");
    assertThat(completed.get(0).has("role")).isFalse();
    assertThat(completed.get(0).get("roles").toString()).isEqualTo("[\"a\",\"b\"]");
    assertThat(completed.get(0).get("failover_timeout").asDouble()).isEqualTo(0.0);
  }

  @Test
  void executorsCarryTheirTasksAndWhatTheyHold() throws Exception {
    JsonNode executors = render(SampleViews.agent()).get("frameworks").get(0).get("executors");
    JsonNode command = executors.get(0);
    JsonNode group = executors.get(1);

    assertThat(names(command)).containsExactly("id", "name", "source", "container", "directory",
        "resources", "type", "tasks", "queued_tasks", "completed_tasks");
    assertThat(command.get("id").asText()).isEqualTo("t1");
    assertThat(command.get("source").asText()).isEqualTo("src-t1");
    assertThat(command.get("container").asText()).isEqualTo("C1");
    assertThat(command.get("directory").asText())
        .isEqualTo("/work/slaves/A1/frameworks/F1/executors/t1/runs/C1");
    assertThat(command.get("type").asText()).isEqualTo("COMMAND");
    assertThat(command.get("resources").get("cpus").asDouble()).isEqualTo(1.1);
    assertThat(command.get("resources").get("mem").asDouble()).isEqualTo(160.0);

    assertThat(group.get("type").asText()).isEqualTo("DEFAULT");
    assertThat(group.get("name").asText()).isEqualTo("pod");
    // Its own 0.1 plus g1, g2 and the queued g3; not the finished g0.
    assertThat(group.get("resources").toString())
        .isEqualTo("{\"cpus\":1.6,\"mem\":224.0,\"disk\":10.0,\"gpus\":0.0}");
    assertThat(ids(group.get("tasks"))).containsExactly("g1", "g2");
    assertThat(ids(group.get("queued_tasks"))).containsExactly("g3");
    assertThat(ids(group.get("completed_tasks"))).containsExactly("g0");
  }

  @Test
  void tasksFollowMesosTaskJson() throws Exception {
    JsonNode t = render(SampleViews.agent()).get("frameworks").get(0).get("executors").get(0)
        .get("tasks").get(0);

    assertThat(names(t)).containsExactly("id", "name", "framework_id", "executor_id", "slave_id",
        "state", "resources", "role", "statuses", "user", "labels");
    assertThat(t.get("id").asText()).isEqualTo("t1");
    assertThat(t.get("name").asText()).isEqualTo("task t1");
    assertThat(t.get("framework_id").asText()).isEqualTo("F1");
    assertThat(t.get("executor_id").asText()).isEqualTo("t1");
    assertThat(t.get("slave_id").asText()).isEqualTo("A1");
    assertThat(t.get("state").asText()).isEqualTo("TASK_RUNNING");
    assertThat(t.get("resources").toString())
        .isEqualTo("{\"cpus\":1.0,\"mem\":128.0,\"disk\":0.0,\"gpus\":0.0}");
    assertThat(t.get("role").asText()).isEqualTo("*");
    assertThat(t.get("statuses").toString()).isEqualTo(
        "[{\"state\":\"TASK_STAGING\",\"timestamp\":1001.0},"
            + "{\"state\":\"TASK_RUNNING\",\"timestamp\":1002.0}]");
    assertThat(t.get("user").asText()).isEqualTo("nobody");
    assertThat(t.get("labels").toString()).isEqualTo("[{\"key\":\"tier\",\"value\":\"web\"}]");
  }

  @Test
  void masterHostnameIsTheHostOfTheEndpointInAnyForm() {
    assertThat(AgentStateJson.host("http://m1.example:5050/")).contains("m1.example");
    assertThat(AgentStateJson.host("10.0.0.1:5050")).contains("10.0.0.1");
    assertThat(AgentStateJson.host("m1")).contains("m1");
    assertThat(AgentStateJson.host("http://[::1]:5050")).contains("::1");
    assertThat(AgentStateJson.host("")).isEmpty();
  }

  private static JsonNode render(io.talus.agent.state.AgentView view) throws Exception {
    // Through text, as a client sees it.
    return JSON.readTree(JSON.writeValueAsString(AgentStateJson.render(view)));
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> ids(JsonNode tasks) {
    List<String> ids = new ArrayList<>();
    tasks.forEach(t -> ids.add(t.get("id").asText()));
    return ids;
  }
}
