package io.talus.membership;

import static io.talus.membership.MembershipEvent.Type.ADDED;
import static io.talus.membership.MembershipEvent.Type.LEAVING;
import static io.talus.membership.MembershipEvent.Type.REMOVED;
import static io.talus.membership.MembershipEvent.Type.UPDATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.talus.protocol.membership.MemberMetadata;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real gossip between members in this JVM on 127.0.0.1. */
class MembershipTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final TestNodes nodes = new TestNodes();

  @AfterEach
  void closeNodes() {
    nodes.close();
  }

  @Test
  void threeMembersJoiningThroughOneSeedSeeEachOtherWithTheirMetadata() {
    Membership m1 = nodes.seed(TestNodes.master("m1", 5050));
    Membership a1 = nodes.join(m1, TestNodes.agent("a1", 5051));
    Membership a2 = nodes.join(m1, TestNodes.agent("a2", 5052));

    assertThat(m1.address()).startsWith("127.0.0.1:");
    for (Membership node : List.of(m1, a1, a2)) {
      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(node.otherMembers()).hasSize(2));
    }
    Map<String, Member> seenByA2 = byNodeId(a2.otherMembers());
    assertThat(seenByA2.keySet()).containsExactlyInAnyOrder("m1", "a1");
    assertThat(seenByA2.get("m1").metadata()).isEqualTo(TestNodes.master("m1", 5050));
    assertThat(seenByA2.get("m1").address()).isEqualTo(m1.address());
    assertThat(seenByA2.get("m1").id()).isEqualTo(m1.localMember().id());
    assertThat(byNodeId(m1.otherMembers()).get("a2").metadata())
        .isEqualTo(TestNodes.agent("a2", 5052));
    assertThat(a1.members()).first().isEqualTo(a1.localMember());
    assertThat(a1.members()).hasSize(3);
  }

  @Test
  void aNewSubscriberFirstGetsTheKnownMembersThenLaterArrivals() {
    Membership m1 = nodes.seed(TestNodes.master("m1", 5050));
    nodes.join(m1, TestNodes.agent("a1", 5051));
    await().atMost(WAIT).until(() -> m1.otherMembers().size() == 1);

    RecordingListener listener = new RecordingListener();
    m1.subscribe(listener);
    await().atMost(WAIT).until(() -> listener.typesFor("a1").equals(List.of(ADDED)));

    nodes.join(m1, TestNodes.agent("a2", 5052));
    await().atMost(WAIT).until(() -> listener.typesFor("a2").equals(List.of(ADDED)));
    assertThat(listener.typesFor("a1")).containsExactly(ADDED);
  }

  @Test
  void aMetadataUpdateReachesTheOthersAsUpdatedAndMovesTheLeaderHint() {
    Membership m1 = nodes.seed(TestNodes.master("m1", 5050));
    Membership m2 = nodes.join(m1, TestNodes.master("m2", 5060));
    Membership a1 = nodes.join(m1, TestNodes.agent("a1", 5051));
    await().atMost(WAIT).until(() -> a1.otherMembers().size() == 2);
    RecordingListener atAgent = new RecordingListener();
    a1.subscribe(atAgent);
    assertThat(a1.leaderHint()).isEmpty();

    MemberMetadata m2SeesItselfLead =
        TestNodes.master("m2", 5060).toBuilder()
            .setLeaderId("m2")
            .setLeaderTerm(3)
            .setLeaderHttpEndpoint("http://127.0.0.1:5060")
            .build();
    m2.updateMetadata(m2SeesItselfLead).join();

    assertThat(m2.localMember().metadata()).isEqualTo(m2SeesItselfLead);
    await()
        .atMost(WAIT)
        .untilAsserted(() -> assertThat(atAgent.typesFor("m2")).containsExactly(ADDED, UPDATED));
    MembershipEvent update = atAgent.events().get(atAgent.events().size() - 1);
    assertThat(update.member().metadata()).isEqualTo(m2SeesItselfLead);
    assertThat(update.previous()).contains(TestNodes.master("m2", 5060));
    assertThat(a1.leaderHint()).contains(m2SeesItselfLead);
    await().atMost(WAIT).until(() -> m1.leaderHint().equals(Optional.of(m2SeesItselfLead)));
  }

  @Test
  void aGracefulCloseIsSeenAsLeavingThenRemoved() {
    Membership m1 = nodes.seed(TestNodes.master("m1", 5050));
    Membership a1 = nodes.join(m1, TestNodes.agent("a1", 5051));
    Membership a2 = nodes.join(m1, TestNodes.agent("a2", 5052));
    await()
        .atMost(WAIT)
        .until(() -> m1.otherMembers().size() == 2 && a1.otherMembers().size() == 2);
    RecordingListener atSeed = new RecordingListener();
    RecordingListener atA1 = new RecordingListener();
    m1.subscribe(atSeed);
    a1.subscribe(atA1);

    a2.close();

    for (RecordingListener listener : List.of(atSeed, atA1)) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertThat(listener.typesFor("a2")).containsExactly(ADDED, LEAVING, REMOVED));
    }
    MembershipEvent removed = atSeed.events().get(atSeed.events().size() - 1);
    assertThat(removed.member().metadata()).isEqualTo(TestNodes.agent("a2", 5052));
    assertThat(byNodeId(m1.otherMembers()).keySet()).containsExactly("a1");
    assertThat(byNodeId(a1.otherMembers()).keySet()).containsExactly("m1");
  }

  @Test
  void startingOnATakenPortFailsClearly() {
    Membership m1 = nodes.seed(TestNodes.master("m1", 5050));
    int taken = Integer.parseInt(m1.address().substring(m1.address().lastIndexOf(':') + 1));

    assertThatThrownBy(
            () ->
                nodes.start(
                    TestNodes.FAST.toBuilder().port(taken).build(), TestNodes.agent("a1", 5051)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("port " + taken);
  }

  @Test
  void metadataWithoutItsRequiredFieldsIsRejected() {
    MemberMetadata partial = MemberMetadata.newBuilder().setNodeId("x").buildPartial();

    assertThatThrownBy(() -> Membership.start(TestNodes.FAST, partial))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("role");
  }

  private static Map<String, Member> byNodeId(List<Member> members) {
    return members.stream()
        .collect(Collectors.toMap(member -> member.metadata().getNodeId(), member -> member));
  }
}
