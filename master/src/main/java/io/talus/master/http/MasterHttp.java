package io.talus.master.http;

import io.talus.http.HttpHandler;
import io.talus.http.HttpRequest;
import io.talus.http.HttpResponder;
import io.talus.http.MesosHttp;
import io.talus.master.MasterDaemon;
import io.talus.master.leader.Leader;
import io.talus.protocol.agent.AgentStream;
import java.util.Map;
import java.util.Optional;

/**
 * Routes a master's HTTP requests, Mesos paths with or without the {@code /master} prefix. The
 * scheduler API, the agent stream and the operator API belong to the leader: a follower answers
 * 307 with the leader's {@code Location}, and 503 while no leader is known or the leader is still
 * recovering. Everything else any master answers itself.
 */
public final class MasterHttp implements HttpHandler {

  private final MasterDaemon master;
  private final SchedulerEndpoint scheduler;
  private final AgentEndpoint agents;
  private final OperatorEndpoints operator;

  public MasterHttp(MasterDaemon master) {
    this.master = master;
    this.scheduler = new SchedulerEndpoint();
    this.agents = new AgentEndpoint();
    this.operator = new OperatorEndpoints(master);
  }

  @Override
  public void handle(HttpRequest request, HttpResponder responder) {
    String path = MesosHttp.normalizePath(request.path(), "master");
    if (!path.equals("/health") && (master.consensus() == null || master.membership() == null)) {
      // HTTP listens first (so the port is known before Raft and gossip start); until they have,
      // nothing but /health has an answer.
      responder.respondText(503, "Master is starting");
      return;
    }
    switch (path) {
      case "/api/v1/scheduler" -> withLeader(request, responder, l -> scheduler.handle(l, request, responder));
      case AgentStream.PATH -> withLeader(request, responder, l -> agents.handle(l, request, responder));
      case "/api/v1" -> withLeader(request, responder, l -> operator.api(l, request, responder));
      case "/redirect" -> redirect(responder);
      case "/state", "/state.json" -> operator.state(request, responder);
      case "/health" -> responder.respondEmpty(200);
      case "/version" -> operator.version(responder);
      case "/metrics/snapshot" -> operator.metrics(request, responder);
      case "/raft" -> operator.raft(responder);
      case "/members" -> operator.members(responder);
      default -> responder.respondText(404, "No such endpoint: " + request.path());
    }
  }

  private void withLeader(HttpRequest request, HttpResponder responder, java.util.function.Consumer<Leader> serve) {
    Leader leader = master.leader();
    if (leader != null && leader.ready() && master.consensus().isLeader()) {
      serve.accept(leader);
      return;
    }
    if (master.consensus() != null && master.consensus().currentLeader().self()) {
      responder.respondText(503, "Master is recovering");
      return;
    }
    Optional<String> endpoint = master.consensus() == null ? Optional.empty() : master.leaderHttpEndpoint();
    if (endpoint.isEmpty()) {
      responder.respondText(503, "No leader elected");
      return;
    }
    responder.respond(307, null, new byte[0],
        Map.of("Location", LeaderRedirect.toLeaderAt(endpoint.get()).locationFor(request.uri())));
  }

  /** {@code GET /master/redirect}: 307 to the leader's host and port, on the leader too. */
  private void redirect(HttpResponder responder) {
    Optional<String> endpoint = master.consensus() == null ? Optional.empty() : master.leaderHttpEndpoint();
    if (endpoint.isEmpty()) {
      responder.respondText(503, "No leader elected");
      return;
    }
    responder.redirect(LeaderRedirect.toLeaderAt(endpoint.get()).masterRedirectLocation());
  }
}
