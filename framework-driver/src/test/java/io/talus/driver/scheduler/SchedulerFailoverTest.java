package io.talus.driver.scheduler;

import static io.talus.driver.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.mesos.v1.scheduler.Protos.Call;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Finding the leader, and staying subscribed through broken streams and leader changes. */
class SchedulerFailoverTest {

  private final RecordingScheduler scheduler = new RecordingScheduler();
  private final List<FakeMaster> masters = new ArrayList<>();
  private V1SchedulerDriver driver;

  @AfterEach
  void tearDown() {
    if (driver != null) {
      driver.abort();
    }
    masters.forEach(FakeMaster::close);
  }

  private FakeMaster master() throws Exception {
    FakeMaster master = FakeMaster.start("fw-1");
    masters.add(master);
    return master;
  }

  private void start(String... addresses) {
    driver =
        V1SchedulerDriver.builder(scheduler, V1SchedulerDriverTest.FRAMEWORK, List.of(addresses))
            .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
            .build();
    driver.start();
  }

  @Test
  void aFollowersRedirectIsFollowedToTheLeader() throws Exception {
    FakeMaster leader = master();
    FakeMaster follower = master().redirectTo(leader);

    start(follower.address());

    eventually().until(() -> scheduler.events.contains("registered fw-1"));
    assertThat(follower.calls(Call.Type.SUBSCRIBE)).hasSize(1);
    assertThat(leader.calls(Call.Type.SUBSCRIBE)).hasSize(1);

    driver.reviveOffers();
    eventually().until(() -> leader.calls(Call.Type.REVIVE).size() == 1);
    assertThat(follower.calls(Call.Type.REVIVE)).isEmpty();
  }

  @Test
  void unreachableAndUnavailableMastersAreSkipped() throws Exception {
    String down;
    try (ServerSocket socket = new ServerSocket(0)) {
      down = "127.0.0.1:" + socket.getLocalPort();
    }
    FakeMaster noLeader = master().unavailable(true);
    FakeMaster leader = master();

    start(down, noLeader.address(), leader.address());

    eventually().until(() -> scheduler.events.contains("registered fw-1"));
    assertThat(noLeader.calls(Call.Type.SUBSCRIBE)).hasSize(1);
    assertThat(leader.calls(Call.Type.SUBSCRIBE)).hasSize(1);
  }

  @Test
  void aRedirectLoopIsSkippedLikeAnUnreachableMaster() throws Exception {
    FakeMaster leader = master();
    FakeMaster a = master();
    FakeMaster b = master().redirectTo(a);
    a.redirectTo(b);

    start(a.address(), leader.address());

    eventually().until(() -> scheduler.events.contains("registered fw-1"));
    assertThat(a.calls(Call.Type.SUBSCRIBE)).hasSize(1);
    assertThat(b.calls(Call.Type.SUBSCRIBE)).hasSize(1);
  }

  @Test
  void withNoLeaderItKeepsTryingUntilOneIsElected() throws Exception {
    FakeMaster master = master().unavailable(true);
    start(master.address());
    eventually().until(() -> master.calls(Call.Type.SUBSCRIBE).size() >= 3);
    assertThat(scheduler.events).isEmpty();

    master.unavailable(false);

    eventually().until(() -> scheduler.events.contains("registered fw-1"));
  }

  @Test
  void aBrokenStreamResubscribesWithTheSameFrameworkId() throws Exception {
    FakeMaster master = master();
    start(master.address());
    eventually().until(() -> scheduler.events.contains("registered fw-1"));
    String firstStream = master.streamId();

    master.closeStream();

    eventually().until(() -> scheduler.events.size() == 3);
    String masterId = "master-" + master.address().split(":")[1];
    assertThat(scheduler.events)
        .containsExactly("registered fw-1", "disconnected", "reregistered " + masterId);
    Call resubscribe = master.calls(Call.Type.SUBSCRIBE).get(1);
    assertThat(resubscribe.getFrameworkId().getValue()).isEqualTo("fw-1");
    assertThat(resubscribe.getSubscribe().getFrameworkInfo().getId().getValue()).isEqualTo("fw-1");

    driver.reviveOffers();
    eventually().until(() -> master.received(Call.Type.REVIVE).size() == 1);
    assertThat(master.received(Call.Type.REVIVE).get(0).streamId())
        .isEqualTo(master.streamId())
        .isNotEqualTo(firstStream);
  }

  @Test
  void whenTheLeaderChangesItFindsTheNewOne() throws Exception {
    FakeMaster first = master();
    FakeMaster second = master();
    start(first.address(), second.address());
    eventually().until(() -> scheduler.events.contains("registered fw-1"));

    first.redirectTo(second);
    first.closeStream();

    eventually().until(() -> scheduler.eventsStartingWith("reregistered").size() == 1);
    assertThat(second.calls(Call.Type.SUBSCRIBE)).hasSize(1);
    assertThat(second.calls(Call.Type.SUBSCRIBE).get(0).getFrameworkId().getValue())
        .isEqualTo("fw-1");
    driver.reconcileTasks(List.of());
    eventually().until(() -> second.calls(Call.Type.RECONCILE).size() == 1);
  }

  @Test
  void aCallRedirectedByTheOldLeaderTriggersResolution() throws Exception {
    FakeMaster first = master();
    FakeMaster second = master();
    start(first.address(), second.address());
    eventually().until(() -> scheduler.events.contains("registered fw-1"));

    // The old leader's stream is still open, but it now points elsewhere.
    first.redirectTo(second);
    driver.reviveOffers();

    eventually().until(() -> scheduler.eventsStartingWith("reregistered").size() == 1);
    assertThat(scheduler.events).contains("disconnected");
    assertThat(second.calls(Call.Type.SUBSCRIBE)).hasSize(1);
    eventually().until(() -> !first.streamOpen());
  }

  @Test
  void missedHeartbeatsMakeItReconnect() throws Exception {
    FakeMaster master = master().heartbeatSeconds(0.05);
    start(master.address());

    eventually().until(() -> master.calls(Call.Type.SUBSCRIBE).size() >= 2);
    eventually().until(() -> scheduler.eventsStartingWith("reregistered").size() >= 1);
    assertThat(scheduler.events.subList(0, 3))
        .containsExactly("registered fw-1", "disconnected", scheduler.events.get(2));
  }

  @Test
  void heartbeatsKeepTheStreamAlive() throws Exception {
    FakeMaster master = master().heartbeatSeconds(0.1).sendHeartbeats();
    start(master.address());
    eventually().until(() -> scheduler.events.contains("registered fw-1"));

    eventually()
        .during(Duration.ofMillis(600))
        .until(() -> master.calls(Call.Type.SUBSCRIBE).size() == 1);
    assertThat(scheduler.events).containsExactly("registered fw-1");
  }

  @Test
  void suppressedRolesAreCarriedIntoTheResubscription() throws Exception {
    FakeMaster master = master();
    start(master.address());
    eventually().until(() -> scheduler.events.contains("registered fw-1"));
    driver.suppressOffers();
    eventually().until(() -> master.calls(Call.Type.SUPPRESS).size() == 1);

    master.closeStream();

    eventually().until(() -> master.calls(Call.Type.SUBSCRIBE).size() == 2);
    assertThat(master.calls(Call.Type.SUBSCRIBE).get(1).getSubscribe().getSuppressedRolesList())
        .containsExactly("*");
  }
}
