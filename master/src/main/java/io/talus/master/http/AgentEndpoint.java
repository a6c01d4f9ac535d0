package io.talus.master.http;

import com.google.protobuf.InvalidProtocolBufferException;
import io.talus.http.HttpRequest;
import io.talus.http.HttpResponder;
import io.talus.http.MediaType;
import io.talus.http.MesosHttp;
import io.talus.http.Negotiated;
import io.talus.master.leader.Leader;
import io.talus.protocol.agent.AgentStream;
import io.talus.protocol.agent.AgentToMaster;

/** {@code POST /talus/v1/agent} on the leader: the agent stream (see {@link AgentStream}). */
final class AgentEndpoint {

  void handle(Leader leader, HttpRequest request, HttpResponder responder) {
    if (!MesosHttp.requirePost(request, responder)) {
      return;
    }
    Negotiated<MediaType> type = MesosHttp.requestType(request);
    if (type.respondIfError(responder)) {
      return;
    }
    if (type.get() != MediaType.PROTOBUF) {
      responder.respondText(415, "Expecting 'Content-Type' of application/x-protobuf");
      return;
    }
    AgentToMaster message;
    try {
      message = AgentToMaster.parseFrom(request.body());
    } catch (InvalidProtocolBufferException e) {
      responder.respondText(400, "Failed to parse body into AgentToMaster: " + e.getMessage());
      return;
    }
    if (message.getMessageCase() == AgentToMaster.MessageCase.MESSAGE_NOT_SET) {
      responder.respondText(400, "Expecting one of the AgentToMaster messages");
      return;
    }
    leader.agentMessage(message, request.header(AgentStream.AGENT_ID_HEADER),
        request.header(AgentStream.SESSION_HEADER), responder);
  }
}
