package io.talus.membership;

import io.talus.protocol.membership.MemberMetadata;
import java.util.Objects;
import java.util.Optional;

/**
 * A change in the set of other members, as seen by this node.
 *
 * @param type what happened
 * @param member the member, with its latest known metadata
 * @param previousMetadata for {@link Type#UPDATED}, the metadata it replaced; otherwise {@code
 *     null}
 */
public record MembershipEvent(Type type, Member member, MemberMetadata previousMetadata) {

  /** Kinds of membership change, in the order a member goes through them. */
  public enum Type {
    /** A member joined (or this node just learnt of it). */
    ADDED,
    /** A member published new metadata, for example a new leader hint. */
    UPDATED,
    /** A member announced a graceful leave; {@link #REMOVED} follows. */
    LEAVING,
    /** A member is gone: it left, or failure detection declared it dead. */
    REMOVED
  }

  public MembershipEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(member, "member");
    if ((type == Type.UPDATED) != (previousMetadata != null)) {
      throw new IllegalArgumentException("previousMetadata is set exactly for UPDATED events");
    }
  }

  public static MembershipEvent added(Member member) {
    return new MembershipEvent(Type.ADDED, member, null);
  }

  public static MembershipEvent updated(Member member, MemberMetadata previous) {
    return new MembershipEvent(Type.UPDATED, member, previous);
  }

  public static MembershipEvent leaving(Member member) {
    return new MembershipEvent(Type.LEAVING, member, null);
  }

  public static MembershipEvent removed(Member member) {
    return new MembershipEvent(Type.REMOVED, member, null);
  }

  /** The member's metadata before an {@link Type#UPDATED} event. */
  public Optional<MemberMetadata> previous() {
    return Optional.ofNullable(previousMetadata);
  }
}
