package io.talus.membership;

import io.talus.protocol.membership.MemberMetadata;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ScaleCube membership event with its metadata decoded: built on ScaleCube's thread (decoding is
 * cheap) and handed to {@link MemberView}'s event thread, so nothing of ScaleCube's is shared
 * between threads. Metadata may be missing (ScaleCube sends none with some events, or the bytes
 * were not ours); {@link MemberView} fills it in from what it already knows.
 */
record GossipChange(
    MembershipEvent.Type type,
    String id,
    String address,
    MemberMetadata oldMetadata,
    MemberMetadata newMetadata) {

  private static final Logger LOG = LoggerFactory.getLogger(GossipChange.class);

  static GossipChange from(io.scalecube.cluster.membership.MembershipEvent event) {
    io.scalecube.cluster.Member member = event.member();
    MembershipEvent.Type type =
        switch (event.type()) {
          case ADDED -> MembershipEvent.Type.ADDED;
          case UPDATED -> MembershipEvent.Type.UPDATED;
          case LEAVING -> MembershipEvent.Type.LEAVING;
          case REMOVED -> MembershipEvent.Type.REMOVED;
        };
    return new GossipChange(
        type,
        member.id(),
        member.address(),
        decode(member, event.oldMetadata()),
        decode(member, event.newMetadata()));
  }

  private static MemberMetadata decode(io.scalecube.cluster.Member member, ByteBuffer bytes) {
    try {
      return MemberMetadataCodec.INSTANCE.deserialize(bytes);
    } catch (IllegalArgumentException e) {
      LOG.warn("Ignoring undecodable gossip metadata of member {}: {}", member, e.toString());
      return null;
    }
  }
}
