package io.talus.agent.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talus.agent.state.AgentView;
import io.talus.http.HttpServer;
import io.talus.http.HttpServerConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's router behind a real HTTP server on 127.0.0.1, spoken to by a real client. */
class AgentHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  private SandboxFixture sandbox;
  private final AtomicReference<AgentView> view = new AtomicReference<>();
  private final List<String> executorCalls = new CopyOnWriteArrayList<>();
  private AgentHttp agentHttp;
  private HttpServer server;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void setUp() throws Exception {
    sandbox = new SandboxFixture(temp);
    view.set(SampleViews.agent());
    Clock clock = Clock.fixed(Instant.ofEpochSecond(1_100), ZoneOffset.UTC);
    agentHttp = new AgentHttp(view::get, (request, responder) -> {
      executorCalls.add(request.method() + " " + request.path());
      responder.respondEmpty(202);
    }, "0.1.0-test", new FilesEndpoints(sandbox.workDir, () -> view.get().id()), clock);
    server = HttpServer.start(HttpServerConfig.of("127.0.0.1", 0, "agent-test"), agentHttp);
  }

  @AfterEach
  void tearDown() {
    server.close();
    agentHttp.close();
  }

  @Test
  void stateIsServedWithAndWithoutTheProcessIdPrefix() throws Exception {
    for (String path : List.of("/state", "/state.json", "/slave(1)/state", "/slave(1)/state.json/", "/state/")) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
      JsonNode state = JSON.readTree(r.body());
      assertThat(state.get("id").asText()).isEqualTo("A1");
      assertThat(state.get("frameworks").get(0).get("executors")).hasSize(2);
    }
  }

  @Test
  void stateFollowsTheLatestPublishedView() throws Exception {
    view.set(SampleViews.agent(Optional.of("A2"), true, false));

    assertThat(JSON.readTree(get("/state").body()).get("id").asText()).isEqualTo("A2");
  }

  @Test
  void healthVersionAndMetrics() throws Exception {
    HttpResponse<String> health = get("/slave(1)/health");
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEmpty();

    JsonNode version = JSON.readTree(get("/version").body());
    assertThat(version.get("version").asText()).isEqualTo("0.1.0-test");
    assertThat(version.get("mesos_api_version").asText()).isEqualTo("1.11.0");

    JsonNode metrics = JSON.readTree(get("/metrics/snapshot").body());
    assertThat(metrics.get("slave/uptime_secs").asDouble()).isEqualTo(1_100 - 1_000.5);
    assertThat(metrics.get("slave/tasks_running").asDouble()).isEqualTo(1.0);
  }

  @Test
  void executorCallsGoToTheExecutorApi() throws Exception {
    assertThat(post("/api/v1/executor").statusCode()).isEqualTo(202);
    assertThat(post("/slave(1)/api/v1/executor").statusCode()).isEqualTo(202);

    assertThat(executorCalls)
        .containsExactly("POST /api/v1/executor", "POST /slave(1)/api/v1/executor");
  }

  @Test
  void theExecutorApiIsPostOnlyButARecoveringAgentSays503First() throws Exception {
    HttpResponse<String> wrong = get("/api/v1/executor");
    assertThat(wrong.statusCode()).isEqualTo(405);
    assertThat(wrong.headers().firstValue("Allow")).contains("POST");
    assertThat(wrong.body()).isEqualTo("Expecting one of { 'POST' }, but received 'GET'");

    view.set(SampleViews.agent(Optional.of("A1"), false, true));
    assertThat(get("/api/v1/executor").statusCode()).isEqualTo(503);
    assertThat(executorCalls).isEmpty();
  }

  @Test
  void readOnlyEndpointsAreGetOnly() throws Exception {
    for (String path : List.of("/state", "/health", "/metrics/snapshot", "/version", "/files/read")) {
      HttpResponse<String> r = post(path);
      assertThat(r.statusCode()).as(path).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).as(path).contains("GET");
    }
  }

  @Test
  void unknownPathsAreNotFound() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    assertThat(get("/slave(1)/nope").statusCode()).isEqualTo(404);
    assertThat(get("/master/state").statusCode()).isEqualTo(404);
    assertThat(get("/files").statusCode()).isEqualTo(404);
    assertThat(get("/").statusCode()).isEqualTo(404);
  }

  @Test
  void withoutAPublishedViewStateIsUnavailable() throws Exception {
    view.set(null);

    assertThat(get("/state").statusCode()).isEqualTo(503);
    assertThat(get("/metrics/snapshot").statusCode()).isEqualTo(503);
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void filesAreServedFromTheSandboxes() throws Exception {
    HttpResponse<String> size = get("/files/read.json?path=" + encode(sandbox.latest() + "/stdout"));
    assertThat(size.statusCode()).isEqualTo(200);
    assertThat(size.body()).isEqualTo("{\"data\":\"\",\"offset\":12}");

    HttpResponse<String> page =
        get("/files/read?path=" + encode(sandbox.latest() + "/stdout") + "&offset=6&length=5");
    assertThat(page.body()).isEqualTo("{\"data\":\"world\",\"offset\":6}");

    HttpResponse<String> browse = get("/files/browse?path=" + encode(sandbox.latest()));
    assertThat(browse.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(browse.body())).hasSize(4);

    HttpResponse<String> virtual = get("/files/browse.json?path="
        + encode("/frameworks/F1/executors/E1/runs/latest/logs"));
    assertThat(JSON.readTree(virtual.body()).get(0).get("path").asText())
        .isEqualTo("/frameworks/F1/executors/E1/runs/latest/logs/app.log");

    HttpResponse<String> download = get("/files/download?path=" + encode(sandbox.inRun("stdout")));
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Type")).contains("application/octet-stream");
    assertThat(download.headers().firstValue("Content-Disposition"))
        .contains("attachment; filename=stdout");
    assertThat(download.body()).isEqualTo(SandboxFixture.STDOUT);
  }

  @Test
  void filesRefusalsReachTheClient() throws Exception {
    java.nio.file.Files.createSymbolicLink(sandbox.run.resolve("passwd"), Path.of("/etc/passwd"));

    assertThat(get("/files/read?path=/etc/passwd&offset=0").statusCode()).isEqualTo(403);
    assertThat(get("/files/read?path=" + encode(sandbox.inRun("passwd")) + "&offset=0").statusCode())
        .isEqualTo(403);
    assertThat(get("/files/download?path=" + encode(sandbox.inRun("../C1/stdout"))).statusCode())
        .isEqualTo(400);
    assertThat(get("/files/read?path=" + encode(sandbox.inRun("stdout")) + "%00&offset=0").statusCode())
        .isEqualTo(400);
    assertThat(get("/files/read?path=" + encode(sandbox.inRun("stdout")) + "&offset=x").statusCode())
        .isEqualTo(400);
    assertThat(get("/files/read?path=" + encode(sandbox.inRun("logs")) + "&offset=0").statusCode())
        .isEqualTo(400);
    assertThat(get("/files/browse?path=" + encode(sandbox.inRun("nope"))).statusCode())
        .isEqualTo(404);
    assertThat(get("/files/browse").statusCode()).isEqualTo(400);
  }

  @Test
  void theShortConstructorServesFilesOnItsOwnPool() throws Exception {
    try (AgentHttp plain = new AgentHttp(view::get, sandbox.workDir,
            (request, responder) -> responder.respondEmpty(202), "0.1.0-test");
        HttpServer other = HttpServer.start(HttpServerConfig.of("127.0.0.1", 0, "agent-test-2"), plain)) {
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
              + other.address().getPort() + "/files/read?offset=0&path="
              + encode("/frameworks/F1/executors/E1/runs/latest/stdout"))).build(),
          BodyHandlers.ofString());
      assertThat(r.body()).isEqualTo("{\"data\":\"hello world\\n\",\"offset\":0}");
    }
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build(), BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path) throws Exception {
    return client.send(HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString("{}")).build(),
        BodyHandlers.ofString());
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + server.address().getPort() + pathAndQuery);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
