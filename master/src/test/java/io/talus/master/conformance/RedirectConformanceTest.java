package io.talus.master.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.talus.master.MasterDaemon;
import io.talus.master.testing.CallJson;
import io.talus.master.testing.FakeAgent;
import io.talus.master.testing.Http;
import io.talus.master.testing.MasterCluster;
import io.talus.master.testing.OpenSubscriptions;
import io.talus.master.testing.SchedulerClient;
import io.talus.master.testing.Subscription;
import io.talus.mesos.v1.scheduler.Protos.Event;
import io.talus.protocol.agent.AgentStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three masters: followers send the leader's traffic there with a scheme-less 307, and every
 * master answers {@code /master/redirect}, {@code /master/state} and {@code /metrics/snapshot}.
 */
class RedirectConformanceTest {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @TempDir static Path dir;
  private static MasterCluster cluster;
  private static MasterDaemon leader;
  private static List<MasterDaemon> followers;
  private final OpenSubscriptions subscriptions = new OpenSubscriptions();

  @BeforeAll
  static void startCluster() {
    cluster = MasterCluster.start(3, dir);
    leader = cluster.leader();
    followers = cluster.followers();
    assertThat(followers).hasSize(2);
    // Followers learn the leader's HTTP endpoint from gossip; wait until both can name it.
    for (MasterDaemon f : followers) {
      await("follower " + f.config().id() + " knows the leader").atMost(WAIT).pollInterval(Duration.ofMillis(50))
          .until(() -> Http.get(f.httpEndpoint() + "/master/redirect").status() == 307);
    }
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void tearDownFrameworks() {
    subscriptions.closeAll();
  }

  private static String leaderAuthority() {
    URI uri = URI.create(leader.httpEndpoint());
    return "127.0.0.1:" + uri.getPort();
  }

  @Test
  void followersRedirectTheSchedulerApiToTheLeaderWithoutAScheme() {
    for (MasterDaemon f : followers) {
      Http.Reply r = Http.postJson(f.httpEndpoint() + "/api/v1/scheduler", CallJson.subscribe("redirected", 0));
      assertThat(r.status()).isEqualTo(307);
      assertThat(r.header("Location")).hasValue("//" + leaderAuthority() + "/api/v1/scheduler");

      Http.Reply prefixed = Http.postJson(f.httpEndpoint() + "/master/api/v1/scheduler",
          CallJson.subscribe("redirected", 0));
      assertThat(prefixed.status()).isEqualTo(307);
      assertThat(prefixed.header("Location")).hasValue("//" + leaderAuthority() + "/master/api/v1/scheduler");

      Http.Reply withQuery = Http.postJson(f.httpEndpoint() + "/api/v1/scheduler?a=b%2Fc",
          CallJson.subscribe("redirected", 0));
      assertThat(withQuery.header("Location")).hasValue("//" + leaderAuthority() + "/api/v1/scheduler?a=b%2Fc");
    }
  }

  @Test
  void followersRedirectTheOperatorApiAndTheAgentStream() {
    MasterDaemon f = followers.get(0);

    Http.Reply operator = Http.postJson(f.httpEndpoint() + "/api/v1", "{\"type\":\"GET_HEALTH\"}");
    assertThat(operator.status()).isEqualTo(307);
    assertThat(operator.header("Location")).hasValue("//" + leaderAuthority() + "/api/v1");

    Http.Reply agents = Http.post(f.httpEndpoint() + AgentStream.PATH, Http.PROTOBUF, new byte[0]);
    assertThat(agents.status()).isEqualTo(307);
    assertThat(agents.header("Location")).hasValue("//" + leaderAuthority() + AgentStream.PATH);
  }

  @Test
  void masterRedirectNamesTheLeaderOnEveryMaster() {
    for (MasterDaemon m : cluster.masters()) {
      Http.Reply r = Http.get(m.httpEndpoint() + "/master/redirect");
      assertThat(r.status()).as("redirect on %s", m.config().id()).isEqualTo(307);
      assertThat(r.header("Location")).hasValue("//" + leaderAuthority());
    }
  }

  @Test
  void onlyTheLeaderReportsItselfElected() {
    assertThat(Http.get(leader.httpEndpoint() + "/metrics/snapshot").json().get("master/elected").asDouble())
        .isEqualTo(1.0);
    for (MasterDaemon f : followers) {
      JsonNode metrics = Http.get(f.httpEndpoint() + "/metrics/snapshot").json();
      assertThat(metrics.get("master/elected").asDouble()).isEqualTo(0.0);
    }
  }

  @Test
  void aSchedulerThatFollowsTheRedirectSubscribesAtTheLeader() {
    MasterDaemon f = followers.get(0);
    String followerUrl = f.httpEndpoint() + SchedulerClient.PATH;
    Http.Reply r = Http.postJson(followerUrl, CallJson.subscribe("follows-redirect", 0));
    String leaderUrl = Http.resolveLocation(followerUrl, r.header("Location").orElseThrow());
    assertThat(leaderUrl).isEqualTo(leader.httpEndpoint() + SchedulerClient.PATH);

    Subscription s = subscriptions.add(SchedulerClient.atUrl(leaderUrl)
        .subscribe(CallJson.subscribe("follows-redirect", 0)));

    assertThat(s.status()).isEqualTo(200);
    s.await(Event.Type.SUBSCRIBED, WAIT);
  }

  @Test
  void anAgentGivenOnlyAFollowerRegistersWithTheLeaderAndEveryReplicaListsIt() {
    MasterDaemon f = followers.get(1);
    try (FakeAgent agent = FakeAgent.start(List.of(f.httpEndpoint()), FakeAgent.Options.defaults())) {
      String agentId = agent.agentId();
      assertThat(agent.master()).hasValue(leader.httpEndpoint());

      for (MasterDaemon m : cluster.masters()) {
        await("agent in /master/state of " + m.config().id()).atMost(WAIT).pollInterval(Duration.ofMillis(100))
            .untilAsserted(() -> {
              JsonNode state = Http.get(m.httpEndpoint() + "/master/state").json();
              List<String> slaves = new java.util.ArrayList<>();
              state.get("slaves").forEach(n -> slaves.add(n.get("id").asText()));
              assertThat(slaves).contains(agentId);
              assertThat(state.get("leader").asText()).isEqualTo("master@" + leaderAuthority());
            });
      }
    }
  }

  @Test
  void followersServeStateAndHealthThemselves() {
    MasterDaemon f = followers.get(0);

    Http.Reply state = Http.get(f.httpEndpoint() + "/master/state");
    assertThat(state.status()).isEqualTo(200);
    assertThat(state.header("Content-Type")).hasValue("application/json");
    assertThat(state.json().get("pid").asText()).isEqualTo("master@127.0.0.1:" + URI.create(f.httpEndpoint()).getPort());
    assertThat(state.json().get("leader_info").get("port").asInt()).isEqualTo(URI.create(leader.httpEndpoint()).getPort());
    assertThat(Http.get(f.httpEndpoint() + "/health").status()).isEqualTo(200);
    assertThat(new String(Http.get(f.httpEndpoint() + "/health").body(), StandardCharsets.UTF_8)).isEmpty();
    assertThat(Http.post(f.httpEndpoint() + "/api/v1/scheduler", new byte[0], Map.of()).status()).isEqualTo(307);
  }
}
