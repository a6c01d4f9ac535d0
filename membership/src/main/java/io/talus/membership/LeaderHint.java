package io.talus.membership;

import io.talus.protocol.membership.MemberMetadata;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Picks the Raft leader that the masters advertise in gossip. Masters may briefly disagree during
 * an election; Raft terms only grow, so the hint with the highest term is the freshest one.
 */
public final class LeaderHint {

  private LeaderHint() {}

  /**
   * The metadata of the master advertising the highest {@code leader_term} together with a
   * {@code leader_http_endpoint}, if any master does. Ties go to the lowest node id so every
   * caller picks the same member.
   */
  public static Optional<MemberMetadata> from(Collection<Member> members) {
    return members.stream()
        .map(Member::metadata)
        .filter(LeaderHint::advertisesLeader)
        .max(
            Comparator.comparingLong(MemberMetadata::getLeaderTerm)
                .thenComparing(MemberMetadata::getNodeId, Comparator.reverseOrder()));
  }

  private static boolean advertisesLeader(MemberMetadata metadata) {
    return metadata.getRole() == MemberMetadata.Role.MASTER
        && metadata.hasLeaderTerm()
        && metadata.hasLeaderHttpEndpoint()
        && !metadata.getLeaderHttpEndpoint().isEmpty();
  }
}
