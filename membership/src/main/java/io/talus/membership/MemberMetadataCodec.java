package io.talus.membership;

import com.google.protobuf.InvalidProtocolBufferException;
import io.scalecube.cluster.metadata.MetadataCodec;
import io.talus.protocol.membership.MemberMetadata;
import java.nio.ByteBuffer;

/**
 * Puts {@link MemberMetadata} on the wire as its protobuf bytes. ScaleCube's default codec is Java
 * serialization, which would tie the gossip format to class versions and let any peer feed this
 * JVM a serialized object graph; protobuf keeps the format a documented, append-only schema.
 */
final class MemberMetadataCodec implements MetadataCodec {

  static final MemberMetadataCodec INSTANCE = new MemberMetadataCodec();

  private MemberMetadataCodec() {}

  @Override
  public ByteBuffer serialize(Object metadata) {
    if (metadata == null) {
      return ByteBuffer.allocate(0);
    }
    if (!(metadata instanceof MemberMetadata memberMetadata)) {
      throw new IllegalArgumentException(
          "gossip metadata must be MemberMetadata, got " + metadata.getClass().getName());
    }
    return ByteBuffer.wrap(memberMetadata.toByteArray());
  }

  /**
   * Decodes metadata bytes, or returns {@code null} for an empty buffer (a member that published
   * none). Throws {@link IllegalArgumentException} for bytes that are not a valid MemberMetadata.
   */
  @Override
  public MemberMetadata deserialize(ByteBuffer buffer) {
    if (buffer == null || !buffer.hasRemaining()) {
      return null;
    }
    try {
      // duplicate(): ScaleCube keeps this buffer in its metadata store; never move its position.
      return MemberMetadata.parseFrom(buffer.duplicate());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("gossip metadata is not a valid MemberMetadata", e);
    }
  }
}
