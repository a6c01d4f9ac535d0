package io.talus.master.conformance;

import static io.talus.master.testing.Subscription.offersFrom;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.master.MasterDaemon;
import io.talus.master.testing.CallJson;
import io.talus.master.testing.FakeAgent;
import io.talus.master.testing.MasterCluster;
import io.talus.master.testing.OpenSubscriptions;
import io.talus.master.testing.ReceivedEvent;
import io.talus.master.testing.SchedulerClient;
import io.talus.master.testing.Subscription;
import io.talus.mesos.v1.Protos.Offer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offer filters as frameworks use them: DECLINE with and without refuse_seconds, SUPPRESS, REVIVE. */
class OffersConformanceTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir static Path dir;
  private static MasterCluster cluster;
  private static MasterDaemon master;
  private static FakeAgent agent;
  private final OpenSubscriptions subscriptions = new OpenSubscriptions();

  @BeforeAll
  static void startMaster() {
    cluster = MasterCluster.start(1, dir);
    master = cluster.leader();
    agent = FakeAgent.start(master.httpEndpoint());
    agent.agentId();
  }

  @AfterAll
  static void stopMaster() {
    if (agent != null) {
      agent.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void tearDownFrameworks() {
    subscriptions.closeAll();
  }

  private Subscription subscribe(String name) {
    Subscription s = subscriptions.add(new SchedulerClient(master.httpEndpoint())
        .subscribe(CallJson.subscribe(name, 0)));
    assertThat(s.status()).isEqualTo(200);
    return s;
  }

  private static Offer offerFrom(Subscription s, String agentId) {
    return s.await("an offer of the agent", offersFrom(agentId), WAIT).event().getOffers().getOffersList()
        .stream().filter(o -> o.getAgentId().getValue().equals(agentId)).findFirst().orElseThrow();
  }

  @Test
  void declineWithRefuseSecondsKeepsTheAgentAwayThatLong() {
    Subscription s = subscribe("decline-2s");
    String agentId = agent.agentId();
    Offer offer = offerFrom(s, agentId);

    long declined = System.nanoTime();
    s.accepted(CallJson.decline(s.frameworkId(), List.of(offer.getId().getValue()), 2.0));

    s.expectNone("offers of the declined agent", offersFrom(agentId), Duration.ofMillis(1500));
    ReceivedEvent again = s.await("the agent offered again", offersFrom(agentId), Duration.ofSeconds(4));
    assertThat(Duration.ofNanos(again.receivedNanos() - declined)).isBetween(
        Duration.ofMillis(1900), Duration.ofMillis(4000));
  }

  @Test
  void declineWithoutFiltersRefusesForFiveSeconds() {
    Subscription s = subscribe("decline-default");
    String agentId = agent.agentId();
    Offer offer = offerFrom(s, agentId);

    long declined = System.nanoTime();
    s.accepted(CallJson.decline(s.frameworkId(), List.of(offer.getId().getValue()), null));

    s.expectNone("offers of the declined agent", offersFrom(agentId), Duration.ofMillis(4000));
    ReceivedEvent again = s.await("the agent offered again", offersFrom(agentId), Duration.ofSeconds(5));
    assertThat(Duration.ofNanos(again.receivedNanos() - declined)).isBetween(
        Duration.ofMillis(4900), Duration.ofMillis(7000));
  }

  @Test
  void suppressStopsOffersAndReviveBringsThemBack() {
    Subscription s = subscribe("suppress");
    String agentId = agent.agentId();
    Offer offer = offerFrom(s, agentId);

    s.accepted(CallJson.suppress(s.frameworkId()));
    s.accepted(CallJson.decline(s.frameworkId(), List.of(offer.getId().getValue()), 0.0));

    s.expectNone("offers while suppressed", e -> e.getType() == io.talus.mesos.v1.scheduler.Protos.Event.Type.OFFERS,
        Duration.ofMillis(2000));

    s.accepted(CallJson.revive(s.frameworkId()));
    Offer revived = offerFrom(s, agentId);
    assertThat(revived.getId()).isNotEqualTo(offer.getId());
  }

  @Test
  void offersOfAFrameworkWhoseStreamBreaksGoToAnother() {
    Subscription holder = subscriptions.add(new SchedulerClient(master.httpEndpoint())
        .subscribe(CallJson.subscribe("holder", 3600)));
    String agentId = agent.agentId();
    offerFrom(holder, agentId);
    Subscription other = subscribe("other");
    other.expectNone("offers of the held agent", offersFrom(agentId), Duration.ofMillis(500));

    holder.close();

    offerFrom(other, agentId);
  }

  @Test
  void reviveClearsADeclineFilter() {
    Subscription s = subscribe("revive-filter");
    String agentId = agent.agentId();
    Offer offer = offerFrom(s, agentId);
    s.accepted(CallJson.decline(s.frameworkId(), List.of(offer.getId().getValue()), 3600.0));
    s.expectNone("offers of the declined agent", offersFrom(agentId), Duration.ofMillis(500));

    s.accepted(CallJson.revive(s.frameworkId()));

    offerFrom(s, agentId);
  }
}
