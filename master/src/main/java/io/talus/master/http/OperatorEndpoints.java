package io.talus.master.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talus.consensus.ConsensusServer;
import io.talus.consensus.LeaderInfo;
import io.talus.http.HttpRequest;
import io.talus.http.HttpResponder;
import io.talus.http.MediaType;
import io.talus.http.MesosHttp;
import io.talus.http.Negotiated;
import io.talus.master.MasterConfig;
import io.talus.master.MasterDaemon;
import io.talus.master.MasterInfos;
import io.talus.master.leader.Leader;
import io.talus.master.state.MasterView;
import io.talus.master.state.MetricsSnapshot;
import io.talus.master.state.OperatorApi;
import io.talus.master.state.OperatorReply;
import io.talus.master.state.RaftJson;
import io.talus.master.state.RaftView;
import io.talus.master.state.StateJson;
import io.talus.membership.Member;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.mesos.v1.Protos.VersionInfo;
import io.talus.mesos.v1.master.Protos.Call;
import io.talus.mesos.v1.master.Protos.Response;
import io.talus.protocol.json.MesosJson;
import io.talus.protocol.membership.MemberMetadata;
import io.talus.protocol.time.MesosDurations;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/**
 * The operator surface: {@code POST /api/v1} (leader), and on every master {@code /master/state},
 * {@code /version}, {@code /metrics/snapshot}, {@code /master/raft} and {@code /master/members}.
 * A follower's state and metrics come from its own replica of the registry, with nothing
 * connected and nothing offered.
 */
final class OperatorEndpoints {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JSON_TYPE = "application/json";

  private final MasterDaemon master;

  OperatorEndpoints(MasterDaemon master) {
    this.master = master;
  }

  void api(Leader leader, HttpRequest request, HttpResponder responder) {
    Optional<MesosHttp.PostedCall<Call>> posted = MesosHttp.readCall(request, responder, Call.getDefaultInstance());
    if (posted.isEmpty()) {
      return;
    }
    Call call = posted.get().call();
    Negotiated<MediaType> accept = MesosHttp.responseType(request);
    if (accept.respondIfError(responder)) {
      return;
    }
    leader.view(baseView()).whenComplete((view, error) -> {
      if (error != null) {
        responder.respondText(503, "Master is not leading anymore: " + error.getMessage());
        return;
      }
      OperatorReply reply = OperatorApi.answer(call, view, versionInfo());
      if (reply.response().isEmpty()) {
        responder.respondText(reply.status(), reply.error());
        return;
      }
      Response response = reply.response().get();
      byte[] body = accept.get() == MediaType.JSON ? MesosJson.printBytes(response) : response.toByteArray();
      responder.respond(200, accept.get().mime(), body, Map.of());
    });
  }

  void state(HttpRequest request, HttpResponder responder) {
    view().whenComplete((view, error) -> {
      if (error != null) {
        responder.respondText(503, "State is not available: " + error.getMessage());
        return;
      }
      json(responder, StateJson.render(view));
    });
  }

  void metrics(HttpRequest request, HttpResponder responder) {
    view().whenComplete((view, error) -> {
      if (error != null) {
        responder.respondText(503, "Metrics are not available: " + error.getMessage());
        return;
      }
      json(responder, MetricsSnapshot.renderJson(view));
    });
  }

  void raft(HttpResponder responder) {
    json(responder, RaftJson.render(raftView(), master.isLeader()));
  }

  void version(HttpResponder responder) {
    ObjectNode v = JSON.createObjectNode();
    v.put("version", master.version());
    v.put("mesos_api_version", StateJson.MESOS_VERSION);
    json(responder, v);
  }

  void members(HttpResponder responder) {
    ArrayNode members = JSON.createArrayNode();
    for (Member m : master.membership().members()) {
      MemberMetadata md = m.metadata();
      ObjectNode n = members.addObject();
      n.put("id", m.id());
      n.put("address", m.address());
      n.put("role", md.getRole().name());
      n.put("node_id", md.getNodeId());
      if (md.hasHttpEndpoint()) {
        n.put("http_endpoint", md.getHttpEndpoint());
      }
      if (md.hasLeaderId()) {
        n.put("leader_id", md.getLeaderId());
        n.put("leader_term", md.getLeaderTerm());
      }
      if (md.hasLeaderHttpEndpoint()) {
        n.put("leader_http_endpoint", md.getLeaderHttpEndpoint());
      }
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("self", master.membership().localMember().id());
    body.set("members", members);
    json(responder, body);
  }

  private CompletableFuture<MasterView> view() {
    MasterView base = baseView();
    Leader leader = master.leader();
    if (leader != null && leader.ready()) {
      return leader.view(base);
    }
    try {
      return CompletableFuture.completedFuture(Leader.followerView(base, master.consensus()));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Everything but the registry and the leader's state, which the view builder fills in. */
  private MasterView baseView() {
    Leader leader = master.leader();
    boolean elected = leader != null && leader.ready();
    return new MasterView(master.masterInfo(), leaderInfo(elected), elected, master.startWallNanos(),
        elected ? OptionalLong.of(leader.electedWallNanos()) : OptionalLong.empty(), Optional.empty(),
        raftView(), List.of(), List.of(), List.of(), flags(), 0, 0, io.talus.master.leader.LeaderContext.wallNanos());
  }

  private Optional<MasterInfo> leaderInfo(boolean elected) {
    if (elected) {
      return Optional.of(master.masterInfo());
    }
    LeaderInfo info = master.consensus().currentLeader();
    return master.leaderHttpEndpoint().map(endpoint -> {
      URI uri = URI.create(endpoint);
      return MasterInfos.of(info.leaderId(), uri.getHost(), uri.getPort(), uri.getHost(), "");
    });
  }

  private RaftView raftView() {
    ConsensusServer c = master.consensus();
    LeaderInfo info = c.currentLeader();
    return new RaftView(c.peerId(), info.known() ? Optional.of(info.leaderId()) : Optional.empty(),
        c.currentTerm(), c.commitIndex(), c.appliedIndex(), c.logStartIndex(), master.config().raftPeers());
  }

  private Map<String, String> flags() {
    MasterConfig c = master.config();
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(StateJson.VERSION_FLAG, master.version());
    flags.put("id", c.id());
    flags.put("ip", c.ip());
    flags.put("port", Integer.toString(master.masterInfo().getPort()));
    flags.put("hostname", c.hostname());
    flags.put("work_dir", c.workDir().toString());
    flags.put("raft_peers", c.raftPeers().toString());
    flags.put("gossip_seeds", String.join(",", c.gossip().seeds()));
    flags.put("framework_heartbeat_interval", MesosDurations.format(c.frameworkHeartbeatInterval()));
    flags.put("agent_ping_interval", MesosDurations.format(c.agentPingInterval()));
    flags.put("agent_disconnect_timeout", MesosDurations.format(c.agentDisconnectTimeout()));
    flags.put("agent_reregister_timeout", MesosDurations.format(c.agentReregisterTimeout()));
    flags.put("status_update_retry_interval", MesosDurations.format(c.statusUpdateRetryInterval()));
    flags.put("allocation_interval", MesosDurations.format(c.allocationInterval()));
    c.offerTimeout().ifPresent(t -> flags.put("offer_timeout", MesosDurations.format(t)));
    return flags;
  }

  private VersionInfo versionInfo() {
    return VersionInfo.newBuilder().setVersion(master.version()).build();
  }

  private static void json(HttpResponder responder, Object node) {
    try {
      responder.respond(200, JSON_TYPE, JSON.writeValueAsBytes(node), Map.of());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      responder.respondText(500, "Could not render JSON: " + e.getMessage());
    }
  }
}
