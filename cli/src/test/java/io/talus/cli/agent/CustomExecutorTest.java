package io.talus.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.talus.master.testing.Http;
import io.talus.master.testing.ReceivedEvent;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.scheduler.Protos.Event;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A custom executor ({@link TestExecutor}, plain HTTP and JSON) launched by the real agent from
 * an ExecutorInfo: its updates reach the framework as its own, the agent acknowledges them to it,
 * messages travel framework → executor → framework, and the executor API refuses bad calls as
 * Mesos does.
 */
class CustomExecutorTest {

  @RegisterExtension static final AgentCluster CLUSTER = new AgentCluster();

  /** The command line of a {@link TestExecutor}: a small JVM on this test's classpath. */
  private static List<String> testExecutor() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
        "-cp", System.getProperty("java.class.path"), TestExecutor.class.getName());
  }

  private static String executorApi() {
    return CLUSTER.agent().endpoint() + "/api/v1/executor";
  }

  @Test
  void theExecutorsUpdatesAndMessagesGoThroughTheAgentAndTheMaster() {
    AgentProcess agent = CLUSTER.agent();
    String agentId = CLUSTER.agentId();
    TestScheduler framework = CLUSTER.subscribe("custom-executor");
    String fid = framework.id();
    framework.launch(agentId, 0, TaskJson.withExecutor("t-custom", agentId, "e-echo", testExecutor(), Map.of()));

    ReceivedEvent running = framework.awaitAndAcknowledge("t-custom", TaskState.TASK_RUNNING);
    ReceivedEvent finished = framework.awaitAndAcknowledge("t-custom", TaskState.TASK_FINISHED);
    assertThat(List.of(running, finished)).allSatisfy(e -> {
      assertThat(e.status().getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
      assertThat(e.status().getExecutorId().getValue()).isEqualTo("e-echo");
      assertThat(e.status().getAgentId().getValue()).isEqualTo(agentId);
    });

    Path sandbox = agent.sandbox(fid, "e-echo");
    Path stdout = sandbox.resolve("stdout");
    await("the executor's account of its updates").atMost(TestScheduler.WAIT).untilAsserted(() ->
        assertThat(agent.readFile(stdout))
            .as("the executor's uuids are the ones the framework got, each acknowledged by the agent")
            .contains("UPDATE t-custom TASK_RUNNING " + running.uuidBase64() + " -> 202")
            .contains("UPDATE t-custom TASK_FINISHED " + finished.uuidBase64() + " -> 202")
            .contains("ACKNOWLEDGED t-custom " + running.uuidBase64())
            .contains("ACKNOWLEDGED t-custom " + finished.uuidBase64()));
    assertThat(agent.readFile(stdout)).contains(
        "ENV MESOS_FRAMEWORK_ID=" + fid,
        "ENV MESOS_EXECUTOR_ID=e-echo",
        "ENV MESOS_AGENT_ENDPOINT=" + agent.endpoint().substring("http://".length()),
        "ENV MESOS_SANDBOX=" + sandbox,
        "ENV MESOS_DIRECTORY=" + sandbox,
        "ENV MESOS_SLAVE_ID=" + agentId);

    framework.message(agentId, "e-echo", "ping-talus".getBytes(StandardCharsets.UTF_8));
    ReceivedEvent echoed = framework.subscription().await("the executor's MESSAGE",
        e -> e.getType() == Event.Type.MESSAGE, TestScheduler.WAIT);
    assertThat(echoed.event().getMessage().getData().toStringUtf8()).isEqualTo("ping-talus");
    assertThat(echoed.event().getMessage().getExecutorId().getValue()).isEqualTo("e-echo");
    assertThat(echoed.event().getMessage().getAgentId().getValue()).isEqualTo(agentId);
    assertThat(agent.readFile(stdout)).contains("MESSAGE ping-talus -> 202");
  }

  @Test
  void theExecutorApiRefusesBadCallsAsMesosDoes() {
    String agentId = CLUSTER.agentId();
    TestScheduler framework = CLUSTER.subscribe("executor-api-errors");
    String fid = framework.id();
    // An executor that never subscribes: the agent knows it, but it has no connection.
    framework.launch(agentId, 0, TaskJson.withExecutor("t-silent", agentId, "e-silent",
        List.of("/bin/sh", "-c", "sleep 1000"), Map.of()));
    CLUSTER.agent().sandbox(fid, "e-silent");

    String update = updateCall(fid, "e-silent", "t-silent");
    Http.Reply beforeSubscribe = Http.postJson(executorApi(), update);
    assertThat(beforeSubscribe.status()).as("UPDATE before SUBSCRIBE: %s", beforeSubscribe).isEqualTo(403);

    Http.Reply unknownFramework = Http.postJson(executorApi(), updateCall("no-such-framework", "e-silent", "t-silent"));
    assertThat(unknownFramework.status()).as("unknown framework: %s", unknownFramework).isEqualTo(400);
    Http.Reply unknownExecutor = Http.postJson(executorApi(), updateCall(fid, "no-such-executor", "t-silent"));
    assertThat(unknownExecutor.status()).as("unknown executor: %s", unknownExecutor).isEqualTo(400);

    Http.Reply wrongType = Http.post(executorApi(), "text/plain", update.getBytes(StandardCharsets.UTF_8));
    assertThat(wrongType.status()).as("Content-Type text/plain: %s", wrongType).isEqualTo(415);
    Http.Reply noType = Http.post(executorApi(), update.getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(noType.status()).as("no Content-Type: %s", noType).isEqualTo(400);
    Http.Reply notJson = Http.postJson(executorApi(), "{not json");
    assertThat(notJson.status()).as("a body that is not JSON: %s", notJson).isEqualTo(400);

    Http.Reply get = Http.send(HttpRequest.newBuilder(URI.create(executorApi())).GET()
        .timeout(Duration.ofSeconds(10)).build());
    assertThat(get.status()).as("GET: %s", get).isEqualTo(405);
    assertThat(get.header("Allow")).hasValue("POST");
  }

  /** An executor UPDATE call as JSON, valid in itself. */
  private static String updateCall(String frameworkId, String executorId, String taskId) {
    return """
        {"framework_id":{"value":"%s"},"executor_id":{"value":"%s"},"type":"UPDATE",\
        "update":{"status":{"task_id":{"value":"%s"},"state":"TASK_RUNNING","source":"SOURCE_EXECUTOR",\
        "uuid":"AAECAwQFBgcICQoLDA0ODw=="}}}"""
        .formatted(frameworkId, executorId, taskId);
  }
}
