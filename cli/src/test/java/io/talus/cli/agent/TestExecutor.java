package io.talus.cli.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talus.protocol.recordio.RecordIoDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * A custom executor as a framework author would write one in any language: plain HTTP and JSON
 * against {@code POST http://$MESOS_AGENT_ENDPOINT/api/v1/executor}, no Mesos library. The agent
 * starts it (its {@code main}) from an ExecutorInfo command.
 *
 * <p>It SUBSCRIBEs; answers each LAUNCH with UPDATE TASK_RUNNING then TASK_FINISHED; a KILL with
 * TASK_KILLED; sends every MESSAGE back as a MESSAGE call; exits on SHUTDOWN or when the agent
 * ends the stream. It writes what it did to stdout, one line each, for the test to read through
 * the agent's {@code /files/read}: {@code ENV name=value}, {@code SUBSCRIBED}, {@code UPDATE
 * <task> <state> <uuid> -> <http status>}, {@code ACKNOWLEDGED <task> <uuid>}, {@code MESSAGE
 * <data> -> <http status>}.
 */
public final class TestExecutor {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ENV = List.of("MESOS_FRAMEWORK_ID", "MESOS_EXECUTOR_ID", "MESOS_AGENT_ENDPOINT",
      "MESOS_SANDBOX", "MESOS_DIRECTORY", "MESOS_CHECKPOINT", "MESOS_SLAVE_ID");

  private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final SecureRandom random = new SecureRandom();
  private final URI api;
  private final String frameworkId;
  private final String executorId;

  private TestExecutor(String agentEndpoint, String frameworkId, String executorId) {
    this.api = URI.create("http://" + agentEndpoint + "/api/v1/executor");
    this.frameworkId = frameworkId;
    this.executorId = executorId;
  }

  public static void main(String[] args) throws Exception {
    for (String name : ENV) {
      say("ENV " + name + "=" + System.getenv(name));
    }
    TestExecutor executor = new TestExecutor(System.getenv("MESOS_AGENT_ENDPOINT"),
        System.getenv("MESOS_FRAMEWORK_ID"), System.getenv("MESOS_EXECUTOR_ID"));
    System.exit(executor.run());
  }

  private int run() throws IOException, InterruptedException {
    ObjectNode subscribe = call("SUBSCRIBE");
    subscribe.putObject("subscribe");
    HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(api)
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(subscribe.toString())).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      try (InputStream in = response.body()) {
        say("SUBSCRIBE refused " + response.statusCode() + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      return 2;
    }
    RecordIoDecoder decoder = new RecordIoDecoder(1 << 20);
    byte[] buf = new byte[8192];
    try (InputStream in = response.body()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        for (byte[] record : decoder.feed(buf, 0, n)) {
          if (!handle(JSON.readTree(record))) {
            return 0;
          }
        }
      }
    }
    say("STREAM ENDED");
    return 3;
  }

  /** Returns false once the executor should exit. */
  private boolean handle(JsonNode event) throws IOException, InterruptedException {
    switch (event.path("type").asText()) {
      case "SUBSCRIBED" -> say("SUBSCRIBED");
      case "LAUNCH" -> {
        String taskId = event.path("launch").path("task").path("task_id").path("value").asText();
        update(taskId, "TASK_RUNNING");
        update(taskId, "TASK_FINISHED");
      }
      case "KILL" -> update(event.path("kill").path("task_id").path("value").asText(), "TASK_KILLED");
      case "ACKNOWLEDGED" -> say("ACKNOWLEDGED " + event.path("acknowledged").path("task_id").path("value").asText()
          + " " + event.path("acknowledged").path("uuid").asText());
      case "MESSAGE" -> {
        String data = event.path("message").path("data").asText();
        ObjectNode message = call("MESSAGE");
        message.putObject("message").put("data", data);
        say("MESSAGE " + new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8) + " -> " + post(message));
      }
      case "SHUTDOWN" -> {
        say("SHUTDOWN");
        return false;
      }
      default -> { }
    }
    return true;
  }

  private void update(String taskId, String state) throws IOException, InterruptedException {
    byte[] uuid = new byte[16];
    random.nextBytes(uuid);
    String uuidText = Base64.getEncoder().encodeToString(uuid);
    ObjectNode update = call("UPDATE");
    ObjectNode status = update.putObject("update").putObject("status");
    status.putObject("task_id").put("value", taskId);
    status.put("state", state);
    status.put("source", "SOURCE_EXECUTOR");
    status.put("uuid", uuidText);
    status.putObject("executor_id").put("value", executorId);
    status.put("timestamp", System.currentTimeMillis() / 1000.0);
    say("UPDATE " + taskId + " " + state + " " + uuidText + " -> " + post(update));
  }

  private ObjectNode call(String type) {
    ObjectNode call = JSON.createObjectNode();
    call.putObject("framework_id").put("value", frameworkId);
    call.putObject("executor_id").put("value", executorId);
    call.put("type", type);
    return call;
  }

  private int post(ObjectNode call) throws IOException, InterruptedException {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(api).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(call.toString())).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      say("ERROR " + call.path("type").asText() + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.statusCode();
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
