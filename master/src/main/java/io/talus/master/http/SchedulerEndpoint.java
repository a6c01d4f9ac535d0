package io.talus.master.http;

import io.talus.http.HttpRequest;
import io.talus.http.HttpResponder;
import io.talus.http.MediaType;
import io.talus.http.MesosHttp;
import io.talus.http.Negotiated;
import io.talus.master.leader.Leader;
import io.talus.master.leader.SchedulerCalls;
import io.talus.master.validation.SchedulerCallValidator;
import io.talus.master.validation.ValidationResult;
import io.talus.mesos.v1.scheduler.Protos.Call;
import java.util.Optional;

/**
 * {@code POST /api/v1/scheduler} on the leader: Mesos's checks in Mesos's order (method, content
 * type, body, call validation, Accept and stream id rules for SUBSCRIBE), then the call goes to the
 * leader's event loop.
 */
final class SchedulerEndpoint {

  void handle(Leader leader, HttpRequest request, HttpResponder responder) {
    Optional<MesosHttp.PostedCall<Call>> posted = MesosHttp.readCall(request, responder, Call.getDefaultInstance());
    if (posted.isEmpty()) {
      return;
    }
    Call call = posted.get().call();
    ValidationResult valid = SchedulerCallValidator.validate(call);
    if (!valid.isOk()) {
      responder.respondText(valid.kind() == ValidationResult.Kind.NOT_IMPLEMENTED ? 501 : 400,
          valid.kind() == ValidationResult.Kind.NOT_IMPLEMENTED
              ? valid.message() : "Failed to validate scheduler::Call: " + valid.message());
      return;
    }
    if (call.getType() == Call.Type.SUBSCRIBE) {
      Negotiated<MediaType> accept = MesosHttp.responseType(request);
      if (accept.respondIfError(responder)) {
        return;
      }
      if (request.header(SchedulerCalls.STREAM_ID_HEADER).isPresent()) {
        responder.respondText(400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
        return;
      }
      leader.subscribe(call, accept.get(), responder);
      return;
    }
    leader.call(call, request.header(SchedulerCalls.STREAM_ID_HEADER), responder);
  }
}
