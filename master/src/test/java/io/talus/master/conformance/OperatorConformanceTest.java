package io.talus.master.conformance;

import static io.talus.master.testing.Subscription.offersFrom;
import static io.talus.master.testing.Subscription.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.talus.master.MasterDaemon;
import io.talus.master.testing.CallJson;
import io.talus.master.testing.FakeAgent;
import io.talus.master.testing.Http;
import io.talus.master.testing.MasterCluster;
import io.talus.master.testing.SchedulerClient;
import io.talus.master.testing.Subscription;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.TaskState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.master.Protos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator surface of a master with one agent, one framework and one RUNNING task:
 * {@code /master/state}, {@code /metrics/snapshot} and {@code POST /api/v1}.
 */
class OperatorConformanceTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static MasterCluster cluster;
  private static MasterDaemon master;
  private static FakeAgent agent;
  private static Subscription framework;
  private static String agentId;
  private static String frameworkId;

  @BeforeAll
  static void startClusterWithARunningTask() {
    cluster = MasterCluster.start(1, dir);
    master = cluster.leader();
    agent = FakeAgent.start(List.of(master.httpEndpoint()),
        FakeAgent.Options.defaults().withHostname("ops-agent").withAttributes("rack:r1"));
    agentId = agent.agentId();
    framework = new SchedulerClient(master.httpEndpoint()).subscribe(CallJson.subscribe("ops-fw", 3600));
    frameworkId = framework.frameworkId();
    Offer offer = framework.await("an offer", offersFrom(agentId), WAIT).event().getOffers().getOffers(0);
    framework.accepted(CallJson.acceptLaunch(frameworkId, List.of(offer.getId().getValue()),
        List.of(CallJson.task("t-ops", agentId, 1, 128, Map.of())), 0.0));
    framework.acknowledge(framework.await("STARTING", update("t-ops", TaskState.TASK_STARTING), WAIT));
    framework.acknowledge(framework.await("RUNNING", update("t-ops", TaskState.TASK_RUNNING), WAIT));
  }

  @AfterAll
  static void stopMaster() {
    if (framework != null) {
      framework.close();
    }
    if (agent != null) {
      agent.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private static JsonNode operator(String callJson) {
    Http.Reply r = Http.postJson(master.httpEndpoint() + "/api/v1", callJson);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    assertThat(r.header("Content-Type")).hasValue("application/json");
    return r.json();
  }

  @Test
  void stateShowsTheFrameworkTheAgentAndTheTask() {
    JsonNode state = Http.get(master.httpEndpoint() + "/master/state").json();

    assertThat(state.get("activated_slaves").asDouble()).isEqualTo(1.0);
    assertThat(state.get("leader").asText()).isEqualTo(state.get("pid").asText());
    JsonNode slave = state.get("slaves").get(0);
    assertThat(slave.get("id").asText()).isEqualTo(agentId);
    assertThat(slave.get("hostname").asText()).isEqualTo("ops-agent");
    assertThat(slave.get("active").asBoolean()).isTrue();
    assertThat(slave.get("resources").get("cpus").asDouble()).isEqualTo(4.0);
    assertThat(slave.get("resources").get("mem").asDouble()).isEqualTo(4096.0);
    assertThat(slave.get("resources").get("disk").asDouble()).isEqualTo(10000.0);
    assertThat(slave.get("resources").get("ports").asText()).isEqualTo("[31000-32000]");
    assertThat(slave.get("attributes").get("rack").asText()).isEqualTo("r1");

    assertThat(state.get("frameworks")).hasSize(1);
    JsonNode fw = state.get("frameworks").get(0);
    assertThat(fw.get("id").asText()).isEqualTo(frameworkId);
    assertThat(fw.get("name").asText()).isEqualTo("ops-fw");
    assertThat(fw.get("active").asBoolean()).isTrue();
    assertThat(fw.get("tasks")).hasSize(1);
    JsonNode task = fw.get("tasks").get(0);
    assertThat(task.get("id").asText()).isEqualTo("t-ops");
    assertThat(task.get("state").asText()).isEqualTo("TASK_RUNNING");
    assertThat(task.get("slave_id").asText()).isEqualTo(agentId);
    assertThat(task.get("framework_id").asText()).isEqualTo(frameworkId);
    assertThat(task.get("resources").get("cpus").asDouble()).isEqualTo(1.0);

    // The same at /state and /state.json.
    assertThat(Http.get(master.httpEndpoint() + "/state").json().get("slaves").get(0).get("id").asText())
        .isEqualTo(agentId);
    assertThat(Http.get(master.httpEndpoint() + "/master/state.json").status()).isEqualTo(200);
  }

  @Test
  void stateNamesTheAgentByItsMesosPid() {
    // Mesos writes an agent's libprocess pid, slave(1)@ip:port, never a URL; GET_AGENTS agrees.
    JsonNode slave = Http.get(master.httpEndpoint() + "/master/state").json().get("slaves").get(0);
    JsonNode agentsPid = operator("{\"type\":\"GET_AGENTS\"}").get("get_agents").get("agents").get(0).get("pid");

    assertThat(agentsPid.asText()).isEqualTo("slave(1)@127.0.0.1:" + agent.port());
    assertThat(slave.get("pid").asText()).isEqualTo("slave(1)@127.0.0.1:" + agent.port());
  }

  @Test
  void metricsCountTheLeaderTheAgentTheFrameworkAndTheTask() {
    await("metrics of the running task").atMost(WAIT).untilAsserted(() -> {
      JsonNode m = Http.get(master.httpEndpoint() + "/metrics/snapshot").json();
      assertThat(m.get("master/elected").asDouble()).isEqualTo(1.0);
      assertThat(m.get("master/slaves_active").asDouble()).isEqualTo(1.0);
      assertThat(m.get("master/frameworks_active").asDouble()).isEqualTo(1.0);
      assertThat(m.get("master/tasks_running").asDouble()).isEqualTo(1.0);
      assertThat(m.get("master/cpus_total").asDouble()).isEqualTo(4.0);
      assertThat(m.get("master/cpus_used").asDouble()).isEqualTo(1.0);
    });
  }

  @Test
  void getHealthIsHealthy() {
    assertThat(operator("{\"type\":\"GET_HEALTH\"}").toString())
        .isEqualTo("{\"type\":\"GET_HEALTH\",\"get_health\":{\"healthy\":true}}");
  }

  @Test
  void getVersionNamesAVersion() {
    JsonNode r = operator("{\"type\":\"GET_VERSION\"}");
    assertThat(r.get("type").asText()).isEqualTo("GET_VERSION");
    assertThat(r.get("get_version").get("version_info").get("version").asText()).isNotEmpty();
  }

  @Test
  void getTasksFrameworksAgentsAndStateAgreeWithTheCluster() {
    JsonNode tasks = operator("{\"type\":\"GET_TASKS\"}").get("get_tasks").get("tasks");
    assertThat(tasks).hasSize(1);
    assertThat(tasks.get(0).get("task_id").get("value").asText()).isEqualTo("t-ops");
    assertThat(tasks.get(0).get("state").asText()).isEqualTo("TASK_RUNNING");
    assertThat(tasks.get(0).get("agent_id").get("value").asText()).isEqualTo(agentId);

    JsonNode frameworks = operator("{\"type\":\"GET_FRAMEWORKS\"}").get("get_frameworks").get("frameworks");
    assertThat(frameworks).hasSize(1);
    assertThat(frameworks.get(0).get("framework_info").get("id").get("value").asText()).isEqualTo(frameworkId);
    assertThat(frameworks.get(0).get("active").asBoolean()).isTrue();
    assertThat(frameworks.get(0).get("connected").asBoolean()).isTrue();

    JsonNode agents = operator("{\"type\":\"GET_AGENTS\"}").get("get_agents").get("agents");
    assertThat(agents).hasSize(1);
    assertThat(agents.get(0).get("agent_info").get("id").get("value").asText()).isEqualTo(agentId);
    assertThat(agents.get(0).get("active").asBoolean()).isTrue();

    JsonNode state = operator("{\"type\":\"GET_STATE\"}").get("get_state");
    assertThat(state.get("get_tasks").get("tasks")).hasSize(1);
    assertThat(state.get("get_frameworks").get("frameworks")).hasSize(1);
    assertThat(state.get("get_agents").get("agents")).hasSize(1);
  }

  @Test
  void operatorApiSpeaksProtobufReadByMesossOwnClasses() throws Exception {
    Protos.Call call = Protos.Call.newBuilder().setType(Protos.Call.Type.GET_TASKS).build();
    Http.Reply r = Http.post(master.httpEndpoint() + "/api/v1", call.toByteArray(),
        Map.of("Content-Type", Http.PROTOBUF, "Accept", Http.PROTOBUF));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).hasValue(Http.PROTOBUF);
    Protos.Response response = Protos.Response.parseFrom(r.body());
    assertThat(response.getType()).isEqualTo(Protos.Response.Type.GET_TASKS);
    assertThat(response.getGetTasks().getTasksList()).singleElement()
        .satisfies(t -> assertThat(t.getTaskId().getValue()).isEqualTo("t-ops"));
  }

  @Test
  void operatorApiRefusesLikeTheSchedulerApi() {
    String url = master.httpEndpoint() + "/api/v1";
    assertThat(Http.get(url).status()).isEqualTo(405);
    assertThat(Http.get(url).header("Allow")).hasValue("POST");
    assertThat(Http.post(url, "text/plain", "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(415);
    assertThat(Http.post(url, "{\"type\":\"GET_HEALTH\"}".getBytes(StandardCharsets.UTF_8), Map.of()).status())
        .isEqualTo(400);
    assertThat(Http.post(url, "{\"type\":\"GET_HEALTH\"}".getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", Http.JSON, "Accept", "text/html")).status()).isEqualTo(406);
  }

  @Test
  void healthAndVersion() {
    Http.Reply health = Http.get(master.httpEndpoint() + "/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).isEmpty();

    Http.Reply version = Http.get(master.httpEndpoint() + "/version");
    assertThat(version.status()).isEqualTo(200);
    assertThat(version.json().get("version").asText()).isNotEmpty();
  }
}
