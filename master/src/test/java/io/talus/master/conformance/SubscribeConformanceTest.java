package io.talus.master.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.talus.master.MasterDaemon;
import io.talus.master.testing.CallJson;
import io.talus.master.testing.FakeAgent;
import io.talus.master.testing.Http;
import io.talus.master.testing.MasterCluster;
import io.talus.master.testing.OpenSubscriptions;
import io.talus.master.testing.ReceivedEvent;
import io.talus.master.testing.SchedulerClient;
import io.talus.master.testing.Subscription;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.Value;
import io.talus.mesos.v1.scheduler.Protos.Event;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.mesos.v1.scheduler.Protos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SUBSCRIBE against a real master, as MESOS-V1.md states it: the stream's status and headers,
 * its first events, offers of a registered agent, and a framework's failover to a new connection.
 */
class SubscribeConformanceTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static MasterCluster cluster;
  private static MasterDaemon master;
  private static FakeAgent agent;
  private final OpenSubscriptions subscriptions = new OpenSubscriptions();

  @BeforeAll
  static void startMaster() {
    cluster = MasterCluster.start(1, dir);
    master = cluster.leader();
    agent = FakeAgent.start(List.of(master.httpEndpoint()),
        FakeAgent.Options.defaults().withHostname("agent-one").withAttributes("rack:r1"));
    agent.agentId();
  }

  @AfterAll
  static void stopMaster() {
    if (agent != null) {
      agent.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void tearDownFrameworks() {
    subscriptions.closeAll();
  }

  private SchedulerClient scheduler() {
    return new SchedulerClient(master.httpEndpoint());
  }

  @Test
  void jsonSubscribeStreamsSubscribedThenHeartbeats() {
    Subscription s = subscriptions.add(scheduler().subscribe(CallJson.subscribe("json-fw", 0)));

    assertThat(s.status()).isEqualTo(200);
    assertThat(s.header("Content-Type")).hasValue("application/json");
    assertThat(s.header("Transfer-Encoding")).hasValue("chunked");
    assertThat(s.header("Mesos-Stream-Id")).hasValueSatisfying(id -> UUID.fromString(id));

    ReceivedEvent subscribed = s.await(Event.Type.SUBSCRIBED, WAIT);
    ReceivedEvent heartbeat = s.await(Event.Type.HEARTBEAT, WAIT);
    List<ReceivedEvent> events = s.events();
    assertThat(events.get(0)).isSameAs(subscribed);
    assertThat(events.get(1)).isSameAs(heartbeat);

    JsonNode json = subscribed.json();
    assertThat(json.get("type").asText()).isEqualTo("SUBSCRIBED");
    JsonNode body = json.get("subscribed");
    assertThat(body.get("framework_id").get("value").asText()).isNotEmpty();
    assertThat(body.get("heartbeat_interval_seconds").isNumber()).isTrue();
    assertThat(body.get("heartbeat_interval_seconds").asDouble())
        .isEqualTo(MasterCluster.FRAMEWORK_HEARTBEAT.toMillis() / 1000.0);
    JsonNode masterInfo = body.get("master_info");
    assertThat(masterInfo.get("id").asText()).isEqualTo(master.masterInfo().getId());
    assertThat(masterInfo.get("port").asInt()).isEqualTo(port(master));
    assertThat(masterInfo.get("hostname").asText()).isEqualTo("127.0.0.1");
    assertThat(heartbeat.json().toString()).isEqualTo("{\"type\":\"HEARTBEAT\"}");

    // And HEARTBEAT again every heartbeat_interval_seconds.
    s.await(Event.Type.HEARTBEAT, Duration.ofSeconds(3));
  }

  @Test
  void protobufSubscribeMadeWithMesossOwnClassesStreamsMesosEvents() throws Exception {
    Protos.Call call = Protos.Call.newBuilder()
        .setType(Protos.Call.Type.SUBSCRIBE)
        .setSubscribe(Protos.Call.Subscribe.newBuilder().setFrameworkInfo(
            org.apache.mesos.v1.Protos.FrameworkInfo.newBuilder().setUser("tester").setName("proto-fw")))
        .build();
    Subscription s = subscriptions.add(scheduler().subscribe(call.toByteArray(),
        Map.of("Content-Type", Http.PROTOBUF, "Accept", Http.PROTOBUF)));

    assertThat(s.status()).isEqualTo(200);
    assertThat(s.header("Content-Type")).hasValue("application/x-protobuf");
    assertThat(s.header("Transfer-Encoding")).hasValue("chunked");
    assertThat(s.header("Mesos-Stream-Id")).isPresent();

    s.await(Event.Type.HEARTBEAT, WAIT);
    List<ReceivedEvent> events = s.events();
    Protos.Event subscribed = Protos.Event.parseFrom(events.get(0).raw());
    assertThat(subscribed.getType()).isEqualTo(Protos.Event.Type.SUBSCRIBED);
    assertThat(subscribed.getSubscribed().getFrameworkId().getValue()).isNotEmpty();
    assertThat(subscribed.getSubscribed().getHeartbeatIntervalSeconds()).isEqualTo(1.0);
    assertThat(subscribed.getSubscribed().getMasterInfo().getPort()).isEqualTo(port(master));
    assertThat(Protos.Event.parseFrom(events.get(1).raw()).getType()).isEqualTo(Protos.Event.Type.HEARTBEAT);
  }

  @Test
  void protobufFrameworkReadsOffersAndDeclinesWithMesossOwnClasses() throws Exception {
    Protos.Call subscribe = Protos.Call.newBuilder()
        .setType(Protos.Call.Type.SUBSCRIBE)
        .setSubscribe(Protos.Call.Subscribe.newBuilder().setFrameworkInfo(
            org.apache.mesos.v1.Protos.FrameworkInfo.newBuilder().setUser("tester").setName("proto-decline")))
        .build();
    Subscription s = subscriptions.add(scheduler().subscribe(subscribe.toByteArray(),
        Map.of("Content-Type", Http.PROTOBUF, "Accept", Http.PROTOBUF)));
    String agentId = agent.agentId();

    ReceivedEvent offers = s.await("OFFERS from the agent", Subscription.offersFrom(agentId), WAIT);
    Protos.Event event = Protos.Event.parseFrom(offers.raw());
    assertThat(event.getType()).isEqualTo(Protos.Event.Type.OFFERS);
    org.apache.mesos.v1.Protos.Offer offer = event.getOffers().getOffers(0);
    assertThat(offer.getAgentId().getValue()).isEqualTo(agentId);
    assertThat(offer.getUrl().getPath()).isEqualTo("/slave(1)");
    assertThat(offer.getResourcesList()).extracting(org.apache.mesos.v1.Protos.Resource::getName)
        .contains("cpus", "mem", "disk", "ports");

    Protos.Call decline = Protos.Call.newBuilder()
        .setFrameworkId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue(s.frameworkId()))
        .setType(Protos.Call.Type.DECLINE)
        .setDecline(Protos.Call.Decline.newBuilder().addOfferIds(offer.getId())
            .setFilters(org.apache.mesos.v1.Protos.Filters.newBuilder().setRefuseSeconds(3600)))
        .build();
    Http.Reply r = Http.post(scheduler().url(), decline.toByteArray(),
        Map.of("Content-Type", Http.PROTOBUF, "Mesos-Stream-Id", s.streamId()));

    assertThat(r.status()).as("%s", r).isEqualTo(202);
    s.expectNone("offers of the declined agent", Subscription.offersFrom(agentId), Duration.ofMillis(500));
  }

  @Test
  void offersCarryTheAgentsResourcesAttributesAndUrl() {
    Subscription s = subscriptions.add(scheduler().subscribe(CallJson.subscribe("offer-fw", 0)));
    String agentId = agent.agentId();

    ReceivedEvent offers = s.await("OFFERS from the agent", Subscription.offersFrom(agentId), WAIT);

    Offer offer = offers.event().getOffers().getOffersList().stream()
        .filter(o -> o.getAgentId().getValue().equals(agentId)).findFirst().orElseThrow();
    assertThat(offer.getFrameworkId().getValue()).isEqualTo(s.frameworkId());
    assertThat(offer.getId().getValue()).isNotEmpty();
    assertThat(offer.getHostname()).isEqualTo("agent-one");
    assertThat(scalar(offer, "cpus")).isEqualTo(4.0);
    assertThat(scalar(offer, "mem")).isEqualTo(4096.0);
    assertThat(scalar(offer, "disk")).isEqualTo(10000.0);
    Resource ports = resource(offer, "ports");
    assertThat(ports.getType()).isEqualTo(Value.Type.RANGES);
    assertThat(ports.getRanges().getRangeList()).singleElement()
        .satisfies(r -> assertThat(List.of(r.getBegin(), r.getEnd())).containsExactly(31000L, 32000L));
    assertThat(offer.getAttributesList()).singleElement().satisfies(a -> {
      assertThat(a.getName()).isEqualTo("rack");
      assertThat(a.getType()).isEqualTo(Value.Type.TEXT);
      assertThat(a.getText().getValue()).isEqualTo("r1");
    });

    // The URL, on the wire as Mesos writes it.
    JsonNode wire = null;
    for (JsonNode o : offers.json().get("offers").get("offers")) {
      if (o.get("agent_id").get("value").asText().equals(agentId)) {
        wire = o;
      }
    }
    assertThat(wire).isNotNull();
    JsonNode url = wire.get("url");
    assertThat(url.get("scheme").asText()).isEqualTo("http");
    assertThat(url.get("path").asText()).isEqualTo("/slave(1)");
    assertThat(url.get("address").get("ip").asText()).isEqualTo("127.0.0.1");
    assertThat(url.get("address").get("port").asInt()).isEqualTo(agent.port());
    assertThat(url.get("address").get("hostname").asText()).isEqualTo("agent-one");
    assertThat(wire.get("resources").isArray()).isTrue();
    assertThat(wire.get("attributes").get(0).get("text").get("value").asText()).isEqualTo("r1");
  }

  @Test
  void resubscribingWithTheSameIdFailsTheOldStreamOverToANewOne() {
    Subscription first = subscriptions.add(scheduler().subscribe(CallJson.subscribe("failover-fw", 60)));
    String frameworkId = first.frameworkId();

    Subscription second = subscriptions.add(
        scheduler().subscribe(CallJson.subscribe("failover-fw", frameworkId, 60)));

    assertThat(second.status()).isEqualTo(200);
    assertThat(second.frameworkId()).isEqualTo(frameworkId);
    assertThat(second.streamId()).isNotEqualTo(first.streamId());
    ReceivedEvent error = first.await(Event.Type.ERROR, WAIT);
    assertThat(error.json().get("error").get("message").asText()).isEqualTo("Framework failed over");
    first.awaitEnd(WAIT);

    // The old stream id is no longer the framework's; the new one is.
    assertThat(first.call(CallJson.revive(frameworkId)).status()).isEqualTo(400);
    assertThat(second.call(CallJson.revive(frameworkId)).status()).isEqualTo(202);
  }

  @Test
  void subscribeAcceptingNeitherJsonNorProtobufIs406() {
    Subscription s = scheduler().subscribe(CallJson.subscribe("html-fw", 0).getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", Http.JSON, "Accept", "text/html"));

    assertThat(s.status()).isEqualTo(406);
    assertThat(s.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
  }

  @Test
  void subscribeCarryingAStreamIdIs400() {
    Subscription s = scheduler().subscribe(CallJson.subscribe("sid-fw", 0).getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", Http.JSON, "Accept", Http.JSON, "Mesos-Stream-Id", UUID.randomUUID().toString()));

    assertThat(s.status()).isEqualTo(400);
    assertThat(s.errorText()).contains("Mesos-Stream-Id");
  }

  @Test
  void subscribeWithoutAcceptGetsJson() {
    Subscription s = subscriptions.add(scheduler().subscribe(
        CallJson.subscribe("no-accept-fw", 0).getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", Http.JSON)));

    assertThat(s.status()).isEqualTo(200);
    assertThat(s.header("Content-Type")).hasValue("application/json");
    assertThat(s.await(Event.Type.SUBSCRIBED, WAIT).json()).isNotNull();
  }

  @Test
  void everyHttpChunkOfTheStreamHoldsExactlyOneRecord() throws Exception {
    byte[] body = CallJson.subscribe("chunks-fw", 0).getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", port(master))) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/scheduler HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
          + "Accept: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());

      assertThat(line(in)).isEqualTo("HTTP/1.1 200 OK");
      Map<String, String> headers = new java.util.HashMap<>();
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        headers.put(h.substring(0, h.indexOf(':')).toLowerCase(java.util.Locale.ROOT), h.substring(h.indexOf(':') + 1).trim());
      }
      assertThat(headers).containsEntry("transfer-encoding", "chunked").doesNotContainKey("content-length");

      List<String> types = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
        byte[] chunk = in.readNBytes(size);
        assertThat(line(in)).isEmpty();
        String text = new String(chunk, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        assertThat(newline).as("a RecordIO header in chunk %d", i).isPositive();
        int length = Integer.parseInt(text.substring(0, newline));
        assertThat(chunk.length - newline - 1).as("one whole record in chunk %d: %s", i, text).isEqualTo(length);
        types.add(Http.MAPPER.readTree(text.substring(newline + 1)).get("type").asText());
      }
      assertThat(types).startsWith("SUBSCRIBED", "HEARTBEAT");
    }
  }

  private static String line(InputStream in) throws java.io.IOException {
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Test
  void subscribeWhoseCallIdDiffersFromTheFrameworkInfoIdIs400() {
    String json = CallJson.subscribe("mismatch-fw", "some-framework", 0)
        .replaceFirst("\"framework_id\":\\{\"value\":\"some-framework\"}", "\"framework_id\":{\"value\":\"another\"}");

    Http.Reply r = scheduler().post(json, Map.of("Content-Type", Http.JSON));

    assertThat(r.status()).as("%s", r).isEqualTo(400);
  }

  @Test
  void invalidFrameworkInfoGetsAnErrorEventAndTheStreamEnds() {
    String json = CallJson.subscribe("bad-role-fw", 0).replace("\"user\":\"tester\"", "\"user\":\"tester\",\"role\":\"..\"");

    Subscription s = subscriptions.add(scheduler().subscribe(json));

    assertThat(s.status()).isEqualTo(200);
    ReceivedEvent error = s.await(Event.Type.ERROR, WAIT);
    assertThat(s.events().get(0)).isSameAs(error);
    assertThat(error.json().get("error").get("message").asText()).isNotEmpty();
    s.awaitEnd(WAIT);
  }

  @Test
  void aRemovedFrameworkCannotSubscribeAgain() {
    Subscription first = subscriptions.add(scheduler().subscribe(CallJson.subscribe("removed-fw", 0)));
    String frameworkId = first.frameworkId();
    assertThat(first.call(CallJson.teardown(frameworkId)).status()).isEqualTo(202);
    first.awaitEnd(WAIT);

    Subscription again = subscriptions.add(scheduler().subscribe(CallJson.subscribe("removed-fw", frameworkId, 0)));

    assertThat(again.status()).isEqualTo(200);
    ReceivedEvent error = again.await(Event.Type.ERROR, WAIT);
    assertThat(error.json().get("error").get("message").asText()).isEqualTo("Framework has been removed");
    again.awaitEnd(WAIT);
  }

  @Test
  void aJsonCallMayAskForProtobufEvents() throws Exception {
    Subscription s = subscriptions.add(scheduler().subscribe(
        CallJson.subscribe("json-in-proto-out", 0).getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", Http.JSON, "Accept", Http.PROTOBUF)));

    assertThat(s.status()).isEqualTo(200);
    assertThat(s.header("Content-Type")).hasValue(Http.PROTOBUF);
    s.await(Event.Type.HEARTBEAT, WAIT);
    assertThat(Protos.Event.parseFrom(s.events().get(0).raw()).getType()).isEqualTo(Protos.Event.Type.SUBSCRIBED);
  }

  @Test
  void theEndpointAnswersWithTheMasterPrefixAndATrailingSlash() {
    for (String path : List.of("/master/api/v1/scheduler", "/api/v1/scheduler/")) {
      Subscription s = subscriptions.add(SchedulerClient.atUrl(master.httpEndpoint() + path)
          .subscribe(CallJson.subscribe("path-fw", 0)));
      assertThat(s.status()).as(path).isEqualTo(200);
      s.await(Event.Type.SUBSCRIBED, WAIT);
    }
  }

  static int port(MasterDaemon m) {
    return java.net.URI.create(m.httpEndpoint()).getPort();
  }

  private static Resource resource(Offer offer, String name) {
    return offer.getResourcesList().stream().filter(r -> r.getName().equals(name)).findFirst().orElseThrow();
  }

  private static double scalar(Offer offer, String name) {
    return offer.getResourcesList().stream().filter(r -> r.getName().equals(name))
        .mapToDouble(r -> r.getScalar().getValue()).sum();
  }
}
