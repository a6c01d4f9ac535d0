package io.talus.master.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.talus.master.MasterDaemon;
import io.talus.master.testing.CallJson;
import io.talus.master.testing.FakeAgent;
import io.talus.master.testing.Http;
import io.talus.master.testing.MasterCluster;
import io.talus.master.testing.OpenSubscriptions;
import io.talus.master.testing.SchedulerClient;
import io.talus.master.testing.Subscription;
import io.talus.protocol.agent.AgentStream;
import io.talus.protocol.agent.AgentToMaster;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler endpoint's refusals, each with the status Mesos gives (MESOS-V1.md, "Scheduler
 * API" and "Rules shared by every endpoint"), and error bodies in {@code text/plain}.
 */
class ErrorsConformanceTest {

  private static final int BODY_LIMIT = 64 * 1024;

  @TempDir static Path dir;
  private static MasterCluster cluster;
  private static MasterDaemon master;
  private final OpenSubscriptions subscriptions = new OpenSubscriptions();

  @BeforeAll
  static void startMaster() {
    cluster = MasterCluster.start(1, dir, c -> c.maxRequestBodyBytes(BODY_LIMIT));
    master = cluster.leader();
  }

  @AfterAll
  static void stopMaster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void tearDownFrameworks() {
    subscriptions.closeAll();
  }

  private String url() {
    return master.httpEndpoint() + SchedulerClient.PATH;
  }

  private Subscription subscribed(String name, double failoverTimeout) {
    Subscription s = subscriptions.add(new SchedulerClient(master.httpEndpoint())
        .subscribe(CallJson.subscribe(name, failoverTimeout)));
    assertThat(s.status()).isEqualTo(200);
    s.frameworkId();
    return s;
  }

  private static void assertPlainTextError(Http.Reply r, int status) {
    assertThat(r.status()).as("%s", r).isEqualTo(status);
    assertThat(r.header("Content-Type")).hasValue("text/plain; charset=utf-8");
    assertThat(r.header("Content-Length")).hasValue(Integer.toString(r.body().length));
  }

  @Test
  void missingContentTypeIs400() {
    Http.Reply r = Http.post(url(), CallJson.subscribe("x", 0).getBytes(StandardCharsets.UTF_8), Map.of());

    assertPlainTextError(r, 400);
    assertThat(r.text()).contains("Content-Type");
  }

  @Test
  void textPlainIs415() {
    Http.Reply r = Http.post(url(), "text/plain", CallJson.subscribe("x", 0).getBytes(StandardCharsets.UTF_8));

    assertPlainTextError(r, 415);
  }

  @Test
  void getIs405WithAllowPost() {
    Http.Reply r = Http.get(url());

    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).hasValue("POST");
  }

  @Test
  void malformedJsonIs400() {
    Http.Reply r = Http.postJson(url(), "{\"type\":\"SUBSCRIBE\",");

    assertPlainTextError(r, 400);
  }

  @Test
  void malformedProtobufIs400() {
    Http.Reply r = Http.post(url(), Http.PROTOBUF, new byte[] {(byte) 0xff, (byte) 0xff, 0x01});

    assertPlainTextError(r, 400);
  }

  @Test
  void missingTypeIs400() {
    Http.Reply r = Http.postJson(url(), "{\"framework_id\":{\"value\":\"some-framework\"}}");

    assertPlainTextError(r, 400);
    assertThat(r.text()).contains("type");
  }

  @Test
  void unknownFrameworkIs400() {
    Http.Reply r = Http.post(url(), CallJson.revive("no-such-framework").getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", Http.JSON, "Mesos-Stream-Id", UUID.randomUUID().toString()));

    assertPlainTextError(r, 400);
  }

  @Test
  void callWithoutStreamIdIs400() {
    Subscription s = subscribed("no-stream-id", 0);

    Http.Reply r = Http.postJson(url(), CallJson.revive(s.frameworkId()));

    assertPlainTextError(r, 400);
    assertThat(r.text()).contains("Mesos-Stream-Id");
  }

  @Test
  void callWithAnotherStreamIdIs400() {
    Subscription s = subscribed("wrong-stream-id", 0);

    Http.Reply r = Http.post(url(), CallJson.revive(s.frameworkId()).getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", Http.JSON, "Mesos-Stream-Id", UUID.randomUUID().toString()));

    assertPlainTextError(r, 400);
  }

  @Test
  void callsOfAFrameworkWhoseStreamClosedAre403() {
    Subscription s = subscribed("disconnected", 3600);
    String frameworkId = s.frameworkId();
    assertThat(s.call(CallJson.revive(frameworkId)).status()).isEqualTo(202);

    s.close();

    await("calls of the disconnected framework refused").atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> s.call(CallJson.revive(frameworkId)).status(), status -> status == 403);
    assertPlainTextError(s.call(CallJson.revive(frameworkId)), 403);
  }

  @Test
  void unknownCallTypeIs501() {
    Subscription s = subscribed("unknown-call", 0);

    Http.Reply r = s.call("{\"framework_id\":{\"value\":\"" + s.frameworkId() + "\"},\"type\":\"UNKNOWN\"}");

    assertThat(r.status()).isEqualTo(501);
  }

  @Test
  void acknowledgeWithAShortUuidIs400() {
    Subscription s = subscribed("short-uuid", 0);

    Http.Reply r = s.call(CallJson.acknowledge(s.frameworkId(), "some-agent", "some-task", "AAEC"));

    assertPlainTextError(r, 400);
  }

  @Test
  void acceptedCallsAre202WithNoBody() {
    Subscription s = subscribed("accepted", 0);

    Http.Reply r = s.call(CallJson.suppress(s.frameworkId()));

    assertThat(r.status()).isEqualTo(202);
    assertThat(r.body()).isEmpty();
  }

  @Test
  void agentStreamRefusesWhatIsNotItsProtocol() {
    String url = master.httpEndpoint() + AgentStream.PATH;
    byte[] heartbeat = AgentToMaster.newBuilder()
        .setHeartbeat(AgentToMaster.Heartbeat.getDefaultInstance()).build().toByteArray();

    assertThat(Http.get(url).status()).isEqualTo(405);
    assertThat(Http.post(url, Http.JSON, "{}".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(415);
    assertThat(Http.post(url, Http.PROTOBUF, new byte[0]).status()).isEqualTo(400);
    assertThat(Http.post(url, Http.PROTOBUF, heartbeat).status()).as("no agent id or session").isEqualTo(400);
    assertThat(Http.post(url, heartbeat, Map.of("Content-Type", Http.PROTOBUF,
        AgentStream.AGENT_ID_HEADER, "no-such-agent", AgentStream.SESSION_HEADER, "no-such-session")).status())
        .as("unknown agent").isEqualTo(400);

    try (FakeAgent agent = FakeAgent.start(master.httpEndpoint())) {
      String agentId = agent.agentId();
      assertThat(Http.post(url, heartbeat, Map.of("Content-Type", Http.PROTOBUF,
          AgentStream.AGENT_ID_HEADER, agentId, AgentStream.SESSION_HEADER, UUID.randomUUID().toString())).status())
          .as("stale session").isEqualTo(400);
    }
  }

  @Test
  void oversizedBodyIs413() {
    byte[] body = new byte[BODY_LIMIT * 4];
    Arrays.fill(body, (byte) ' ');
    body[0] = '{';
    body[body.length - 1] = '}';

    Http.Reply r = Http.post(url(), Http.JSON, body);

    assertThat(r.status()).isEqualTo(413);
    // The connection still serves requests after the refusal.
    assertThat(Http.get(master.httpEndpoint() + "/health").status()).isEqualTo(200);
  }

  @Test
  void oversizedChunkedBodyIs413() {
    byte[] body = new byte[BODY_LIMIT * 4];
    Arrays.fill(body, (byte) ' ');
    HttpRequest request = HttpRequest.newBuilder(URI.create(url()))
        .header("Content-Type", Http.JSON)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
        .timeout(Duration.ofSeconds(10))
        .build();

    Http.Reply r = Http.send(request);

    assertThat(r.status()).isEqualTo(413);
  }
}
