package io.talus.agent.executor;

import io.talus.agent.core.AgentCore;
import io.talus.http.HttpHandler;
import io.talus.http.HttpRequest;
import io.talus.http.HttpResponder;
import io.talus.http.MediaType;
import io.talus.http.MesosHttp;
import io.talus.http.Negotiated;
import io.talus.mesos.v1.executor.Protos.Call;
import java.util.Optional;

/**
 * {@code POST /api/v1/executor}: the checks that need only the request (method, content type,
 * body, the call's own shape, {@code Accept} for SUBSCRIBE), in Mesos's order; the rest happens on
 * the agent's loop ({@link AgentCore#executorCall}).
 */
public final class ExecutorApi implements HttpHandler {

  private final AgentCore core;

  public ExecutorApi(AgentCore core) {
    this.core = core;
  }

  @Override
  public void handle(HttpRequest request, HttpResponder responder) {
    if (core.recovering()) {
      responder.respondText(503, "Agent has not finished recovery");
      return;
    }
    Optional<MesosHttp.PostedCall<Call>> posted = MesosHttp.readCall(request, responder, Call.getDefaultInstance());
    if (posted.isEmpty()) {
      return;
    }
    Call call = posted.get().call();
    Optional<String> invalid = validate(call);
    if (invalid.isPresent()) {
      responder.respondText(400, "Failed to validate executor::Call: " + invalid.get());
      return;
    }
    MediaType responseType = posted.get().type();
    if (call.getType() == Call.Type.SUBSCRIBE) {
      Negotiated<MediaType> accept = MesosHttp.responseType(request);
      if (accept.respondIfError(responder)) {
        return;
      }
      responseType = accept.get();
    }
    core.executorCall(call, responseType, responder);
  }

  /** Mesos's {@code validation::executor::call::validate}: the parts that need no state. */
  static Optional<String> validate(Call call) {
    if (!call.isInitialized()) {
      return Optional.of("Not initialized: " + call.findInitializationErrors());
    }
    if (!call.hasType()) {
      return Optional.of("Expecting 'type' to be present");
    }
    switch (call.getType()) {
      case SUBSCRIBE:
        return call.hasSubscribe() ? Optional.empty() : Optional.of("Expecting 'subscribe' to be present");
      case UPDATE:
        return call.hasUpdate() ? Optional.empty() : Optional.of("Expecting 'update' to be present");
      case MESSAGE:
        return call.hasMessage() ? Optional.empty() : Optional.of("Expecting 'message' to be present");
      case HEARTBEAT:
        return Optional.empty();
      default:
        return Optional.empty();
    }
  }
}
