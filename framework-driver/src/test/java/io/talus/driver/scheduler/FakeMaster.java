package io.talus.driver.scheduler;

import io.talus.http.EventStream;
import io.talus.http.HttpRequest;
import io.talus.http.HttpResponder;
import io.talus.http.HttpServer;
import io.talus.http.HttpServerConfig;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.mesos.v1.scheduler.Protos.Call;
import io.talus.mesos.v1.scheduler.Protos.Event;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A master that speaks just enough of {@code POST /api/v1/scheduler} for driver tests: it records
 * every call, opens a protobuf RecordIO stream on SUBSCRIBE (one record per chunk, through
 * talus-http) and answers other calls 202 when their stream id is current. A test switches it to
 * redirect (a follower), to 503 (no leader) or to refuse SUBSCRIBE.
 */
final class FakeMaster implements AutoCloseable {

  /** A call as it arrived, with the stream id header it carried (or null). */
  record Received(Call call, String streamId) {}

  private final HttpServer server;
  private final String frameworkId;
  private final List<Received> calls = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
  private volatile String redirectTo;
  private volatile boolean unavailable;
  private volatile String refuseSubscribe;
  private volatile double heartbeatSeconds = 15;
  private volatile EventStream stream;
  private volatile String streamId;

  private FakeMaster(String frameworkId) throws IOException {
    this.frameworkId = frameworkId;
    this.server =
        HttpServer.start(HttpServerConfig.of("127.0.0.1", 0, "fake-master"), this::handle);
  }

  /** A leading master that assigns {@code frameworkId} to new frameworks. */
  static FakeMaster start(String frameworkId) throws IOException {
    return new FakeMaster(frameworkId);
  }

  String address() {
    return "127.0.0.1:" + server.address().getPort();
  }

  /** From now on answer everything with a 307 to {@code leader}, as a follower does. */
  FakeMaster redirectTo(FakeMaster leader) {
    redirectTo = leader == null ? null : leader.address();
    return this;
  }

  FakeMaster unavailable(boolean unavailable) {
    this.unavailable = unavailable;
    return this;
  }

  FakeMaster refuseSubscribe(String message) {
    this.refuseSubscribe = message;
    return this;
  }

  FakeMaster heartbeatSeconds(double seconds) {
    this.heartbeatSeconds = seconds;
    return this;
  }

  /** Sends a HEARTBEAT every {@code heartbeatSeconds} on whatever stream is open. */
  FakeMaster sendHeartbeats() {
    long periodMicros = (long) (heartbeatSeconds * 1e6);
    heartbeats.scheduleAtFixedRate(
        () -> {
          EventStream s = stream;
          if (s != null) {
            s.sendRecord(Event.newBuilder().setType(Event.Type.HEARTBEAT).build().toByteArray());
          }
        },
        periodMicros,
        periodMicros,
        TimeUnit.MICROSECONDS);
    return this;
  }

  void send(Event event) {
    EventStream s = stream;
    if (s == null || !s.sendRecord(event.toByteArray())) {
      throw new IllegalStateException("no open stream to send " + event.getType() + " on");
    }
  }

  /** Ends the current stream, as a master that lost leadership or crashed. */
  void closeStream() {
    EventStream s = stream;
    if (s != null) {
      s.close();
    }
  }

  boolean streamOpen() {
    EventStream s = stream;
    return s != null && s.isOpen();
  }

  String streamId() {
    return streamId;
  }

  List<Received> received() {
    return List.copyOf(calls);
  }

  List<Call> calls(Call.Type type) {
    return calls.stream().map(Received::call).filter(c -> c.getType() == type).toList();
  }

  List<Received> received(Call.Type type) {
    return calls.stream().filter(r -> r.call().getType() == type).toList();
  }

  private void handle(HttpRequest request, HttpResponder responder) throws IOException {
    if (!request.path().endsWith("/api/v1/scheduler")) {
      responder.respondText(404, "no such endpoint");
      return;
    }
    Call call = Call.parseFrom(request.body());
    calls.add(new Received(call, request.header("Mesos-Stream-Id").orElse(null)));
    if (redirectTo != null) {
      responder.redirect("//" + redirectTo + "/api/v1/scheduler");
    } else if (unavailable) {
      responder.respondText(503, "No leader elected");
    } else if (call.getType() == Call.Type.SUBSCRIBE) {
      subscribe(call, responder);
    } else if (!request.header("Mesos-Stream-Id").orElse("").equals(streamId)) {
      responder.respondText(400, "The stream ID is not current");
    } else {
      responder.respondEmpty(202);
    }
  }

  private void subscribe(Call call, HttpResponder responder) {
    if (refuseSubscribe != null) {
      responder.respondText(400, refuseSubscribe);
      return;
    }
    closeStream();
    String id = UUID.randomUUID().toString();
    EventStream opened = responder.stream("application/x-protobuf", Map.of("Mesos-Stream-Id", id));
    streamId = id;
    stream = opened;
    FrameworkID assigned =
        call.hasFrameworkId()
            ? call.getFrameworkId()
            : FrameworkID.newBuilder().setValue(frameworkId).build();
    opened.sendRecord(
        Event.newBuilder()
            .setType(Event.Type.SUBSCRIBED)
            .setSubscribed(
                Event.Subscribed.newBuilder()
                    .setFrameworkId(assigned)
                    .setHeartbeatIntervalSeconds(heartbeatSeconds)
                    .setMasterInfo(
                        MasterInfo.newBuilder()
                            .setId("master-" + server.address().getPort())
                            .setIp(0x7f000001)
                            .setPort(server.address().getPort())))
            .build()
            .toByteArray());
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    server.close();
  }
}
