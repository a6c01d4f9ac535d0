package io.talus.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talus.agent.state.AgentView;
import io.talus.http.HttpHandler;
import io.talus.http.HttpRequest;
import io.talus.http.HttpResponder;
import io.talus.http.MesosHttp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Routes an agent's HTTP requests, on Mesos's paths with or without the {@code /slave(1)} prefix
 * and with or without a trailing {@code /}:
 *
 * <ul>
 *   <li>{@code POST /api/v1/executor}: the executor API, handed as is to the handler given. Any
 *       other method gets 503 while the agent recovers, else 405, in Mesos's order.
 *   <li>{@code GET /state} ({@code /state.json}), {@code /health}, {@code /metrics/snapshot},
 *       {@code /version}: answered from the latest published {@link AgentView}, on the IO thread
 *       (rendering is a pure function of an immutable view and needs no lock).
 *   <li>{@code GET /files/browse}, {@code /files/read}, {@code /files/download} (and their {@code
 *       .json} forms, as Mesos serves them): {@link FilesEndpoints}, off the IO thread.
 * </ul>
 *
 * <p>A known path with the wrong method is 405 with {@code Allow}; anything else 404.
 */
public final class AgentHttp implements HttpHandler, AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json";

  private final Supplier<AgentView> view;
  private final HttpHandler executorApi;
  private final String version;
  private final FilesEndpoints files;
  private final Clock clock;

  /**
   * The agent's router, serving files from {@code workDir}'s sandboxes on a pool of its own and
   * taking {@code uptime_secs} from the system clock.
   *
   * @param view the latest published view, read once per request
   * @param workDir the agent's work dir, whose sandboxes {@code /files} serves
   * @param executorApi handles {@code POST /api/v1/executor}
   * @param version Talus's version, for {@code /version}
   */
  public AgentHttp(
      Supplier<AgentView> view, Path workDir, HttpHandler executorApi, String version) {
    this(view, executorApi, version,
        new FilesEndpoints(workDir, () -> Optional.ofNullable(view.get()).flatMap(AgentView::id)),
        Clock.systemUTC());
  }

  /** The same with the files endpoints and the clock given, for tests and other wiring. */
  public AgentHttp(
      Supplier<AgentView> view,
      HttpHandler executorApi,
      String version,
      FilesEndpoints files,
      Clock clock) {
    this.view = Objects.requireNonNull(view, "view");
    this.executorApi = Objects.requireNonNull(executorApi, "executorApi");
    this.version = Objects.requireNonNull(version, "version");
    this.files = Objects.requireNonNull(files, "files");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void handle(HttpRequest request, HttpResponder responder) throws Exception {
    String path = MesosHttp.normalizePath(request.path(), "slave(1)");
    switch (path) {
      case "/api/v1/executor" -> executor(request, responder);
      case "/state", "/state.json" -> {
        if (get(request, responder)) {
          withView(responder, v -> json(responder, AgentStateJson.render(v)));
        }
      }
      case "/health" -> {
        if (get(request, responder)) {
          responder.respondEmpty(200);
        }
      }
      case "/metrics/snapshot" -> {
        if (get(request, responder)) {
          withView(responder, v -> json(responder, AgentMetricsJson.render(v, nowSeconds())));
        }
      }
      case "/version" -> {
        if (get(request, responder)) {
          json(responder, version());
        }
      }
      case "/files/browse", "/files/browse.json" -> {
        if (get(request, responder)) {
          files.browse(request, responder);
        }
      }
      case "/files/read", "/files/read.json" -> {
        if (get(request, responder)) {
          files.read(request, responder);
        }
      }
      case "/files/download", "/files/download.json" -> {
        if (get(request, responder)) {
          files.download(request, responder);
        }
      }
      default -> responder.respondText(404, "No such endpoint: " + request.path());
    }
  }

  /** Stops the files endpoints' pool, if they own one. */
  @Override
  public void close() {
    files.close();
  }

  /** As the master's {@code /version}: Talus's version, and the Mesos release whose APIs it speaks. */
  private ObjectNode version() {
    ObjectNode node = JSON.createObjectNode();
    node.put("version", version);
    node.put("mesos_api_version", AgentStateJson.MESOS_VERSION);
    return node;
  }

  /** Mesos checks recovery before the method, so a recovering agent answers 503 to anything. */
  private void executor(HttpRequest request, HttpResponder responder) throws Exception {
    if (request.method().equals("POST")) {
      executorApi.handle(request, responder);
      return;
    }
    AgentView v = view.get();
    if (v == null || v.recovering()) {
      responder.respondText(503, "Agent has not finished recovery");
      return;
    }
    methodNotAllowed(request, responder, "POST");
  }

  private static boolean get(HttpRequest request, HttpResponder responder) {
    if (request.method().equals("GET")) {
      return true;
    }
    methodNotAllowed(request, responder, "GET");
    return false;
  }

  /** Mesos's {@code MethodNotAllowed}: 405, {@code Allow}, and what was expected. */
  private static void methodNotAllowed(
      HttpRequest request, HttpResponder responder, String allowed) {
    String message =
        "Expecting one of { '" + allowed + "' }, but received '" + request.method() + "'";
    responder.respond(405, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8),
        Map.of("Allow", allowed));
  }

  private void withView(HttpResponder responder, Consumer<AgentView> render) {
    AgentView v = view.get();
    if (v == null) {
      responder.respondText(503, "Agent is starting");
      return;
    }
    render.accept(v);
  }

  private double nowSeconds() {
    return clock.millis() / 1000.0;
  }

  private static void json(HttpResponder responder, ObjectNode node) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      responder.respondText(500, "Could not render JSON: " + e.getMessage());
      return;
    }
    responder.respond(200, JSON_TYPE, body, Map.of());
  }
}
