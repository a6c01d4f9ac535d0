package io.talus.membership;

import static org.assertj.core.api.Assertions.assertThat;

import io.talus.protocol.membership.MemberMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderHintTest {

  @Test
  void noMasterAdvertisingALeaderMeansNoHint() {
    Member agent = member("a1", TestNodes.agent("a1", 5051));
    Member masterWithoutLeader = member("m1", TestNodes.master("m1", 5050));

    assertThat(LeaderHint.from(List.of(agent, masterWithoutLeader))).isEmpty();
  }

  @Test
  void theHighestTermWins() {
    MemberMetadata stale = leading("m1", "m1", 4, "http://127.0.0.1:5050");
    MemberMetadata fresh = leading("m2", "m3", 5, "http://127.0.0.1:5070");
    MemberMetadata alsoStale = leading("m3", "m1", 4, "http://127.0.0.1:5050");

    assertThat(
            LeaderHint.from(
                List.of(member("m1", stale), member("m2", fresh), member("m3", alsoStale))))
        .contains(fresh);
  }

  @Test
  void aTermWithoutAnEndpointIsNoHint() {
    MemberMetadata noEndpoint =
        TestNodes.master("m1", 5050).toBuilder().setLeaderId("m2").setLeaderTerm(9).build();
    MemberMetadata withEndpoint = leading("m2", "m2", 2, "http://127.0.0.1:5060");

    assertThat(LeaderHint.from(List.of(member("m1", noEndpoint), member("m2", withEndpoint))))
        .contains(withEndpoint);
  }

  @Test
  void onlyMastersGiveHints() {
    MemberMetadata agentClaimingALeader =
        TestNodes.agent("a1", 5051).toBuilder()
            .setLeaderTerm(99)
            .setLeaderHttpEndpoint("http://127.0.0.1:1")
            .build();

    assertThat(LeaderHint.from(List.of(member("a1", agentClaimingALeader)))).isEmpty();
  }

  @Test
  void equalTermsPickTheLowestNodeIdWhateverTheOrder() {
    MemberMetadata fromM1 = leading("m1", "m2", 7, "http://127.0.0.1:5060");
    MemberMetadata fromM2 = leading("m2", "m2", 7, "http://127.0.0.1:5060");

    assertThat(LeaderHint.from(List.of(member("m2", fromM2), member("m1", fromM1))))
        .contains(fromM1);
    assertThat(LeaderHint.from(List.of(member("m1", fromM1), member("m2", fromM2))))
        .contains(fromM1);
  }

  private static MemberMetadata leading(String nodeId, String leaderId, long term, String http) {
    return TestNodes.master(nodeId, 5050).toBuilder()
        .setLeaderId(leaderId)
        .setLeaderTerm(term)
        .setLeaderHttpEndpoint(http)
        .build();
  }

  private static Member member(String id, MemberMetadata metadata) {
    return new Member(id, "127.0.0.1:" + (7000 + id.hashCode() % 100), metadata);
  }
}
