package io.talus.membership;

import io.talus.protocol.membership.MemberMetadata;
import java.util.Objects;

/**
 * One node as gossip knows it.
 *
 * @param id the gossip member id: fresh on every start, so a restarted node is a new member even
 *     at the same address (its stable name is {@code metadata.getNodeId()})
 * @param address the gossip address, {@code host:port}
 * @param metadata what the node publishes about itself
 */
public record Member(String id, String address, MemberMetadata metadata) {

  public Member {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(metadata, "metadata");
  }

  /** The same member with new metadata. */
  public Member withMetadata(MemberMetadata newMetadata) {
    return new Member(id, address, newMetadata);
  }
}
