package io.talus.driver.executor;

import com.google.protobuf.ByteString;
import io.talus.http.EventStream;
import io.talus.http.HttpRequest;
import io.talus.http.HttpResponder;
import io.talus.http.HttpServer;
import io.talus.http.HttpServerConfig;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.executor.Protos.Call;
import io.talus.mesos.v1.executor.Protos.Event;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An agent serving just {@code POST /api/v1/executor}: it records calls, opens a protobuf RecordIO
 * stream on SUBSCRIBE and answers 202 otherwise. {@link #restart()} is an agent process restart:
 * the stream and the port go away and come back on the same port.
 */
final class FakeAgent implements AutoCloseable {

  static final AgentID AGENT_ID = AgentID.newBuilder().setValue("agent-1").build();

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final int port;
  private volatile HttpServer server;
  private volatile EventStream stream;

  private FakeAgent() throws IOException {
    server = HttpServer.start(HttpServerConfig.of("127.0.0.1", 0, "fake-agent"), this::handle);
    port = server.address().getPort();
  }

  static FakeAgent start() throws IOException {
    return new FakeAgent();
  }

  String endpoint() {
    return "127.0.0.1:" + port;
  }

  List<Call> calls(Call.Type type) {
    return calls.stream().filter(c -> c.getType() == type).toList();
  }

  void send(Event event) {
    EventStream s = stream;
    if (s == null || !s.sendRecord(event.toByteArray())) {
      throw new IllegalStateException("no open stream to send " + event.getType() + " on");
    }
  }

  void launch(TaskInfo task) {
    send(
        Event.newBuilder()
            .setType(Event.Type.LAUNCH)
            .setLaunch(Event.Launch.newBuilder().setTask(task))
            .build());
  }

  void acknowledge(TaskID taskId, ByteString uuid) {
    send(
        Event.newBuilder()
            .setType(Event.Type.ACKNOWLEDGED)
            .setAcknowledged(Event.Acknowledged.newBuilder().setTaskId(taskId).setUuid(uuid))
            .build());
  }

  /** Closes the stream, as an agent whose process died; its port refuses connections. */
  void stop() {
    server.close();
  }

  /** Serves again on the same port, as a restarted agent. */
  void restartAfterStop() throws IOException {
    server = HttpServer.start(HttpServerConfig.of("127.0.0.1", port, "fake-agent"), this::handle);
  }

  void restart() throws IOException {
    stop();
    restartAfterStop();
  }

  boolean streamOpen() {
    EventStream s = stream;
    return s != null && s.isOpen();
  }

  private void handle(HttpRequest request, HttpResponder responder) throws IOException {
    if (!request.path().endsWith("/api/v1/executor")) {
      responder.respondText(404, "no such endpoint");
      return;
    }
    Call call = Call.parseFrom(request.body());
    calls.add(call);
    if (call.getType() != Call.Type.SUBSCRIBE) {
      responder.respondEmpty(202);
      return;
    }
    EventStream opened = responder.stream("application/x-protobuf", Map.of());
    stream = opened;
    opened.sendRecord(
        Event.newBuilder()
            .setType(Event.Type.SUBSCRIBED)
            .setSubscribed(
                Event.Subscribed.newBuilder()
                    .setExecutorInfo(
                        ExecutorInfo.newBuilder()
                            .setExecutorId(call.getExecutorId())
                            .setFrameworkId(call.getFrameworkId()))
                    .setFrameworkInfo(
                        FrameworkInfo.newBuilder()
                            .setUser("root")
                            .setName("test-framework")
                            .setId(call.getFrameworkId()))
                    .setAgentInfo(AgentInfo.newBuilder().setHostname("host-1").setId(AGENT_ID)))
            .build()
            .toByteArray());
  }

  @Override
  public void close() {
    server.close();
  }
}
