package io.talus.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talus.protocol.membership.MemberMetadata;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class MemberMetadataCodecTest {

  private final MemberMetadataCodec codec = MemberMetadataCodec.INSTANCE;

  @Test
  void metadataTravelsAsItsProtobufBytes() {
    MemberMetadata metadata =
        TestNodes.master("m1", 5050).toBuilder()
            .setLeaderId("m2")
            .setLeaderTerm(12)
            .setLeaderHttpEndpoint("http://127.0.0.1:5060")
            .build();

    ByteBuffer bytes = codec.serialize(metadata);

    assertThat(bytes).isEqualTo(ByteBuffer.wrap(metadata.toByteArray()));
    assertThat(codec.deserialize(bytes)).isEqualTo(metadata);
  }

  @Test
  void decodingLeavesTheBufferPositionAlone() {
    ByteBuffer bytes = codec.serialize(TestNodes.agent("a1", 5051));
    int remaining = bytes.remaining();

    codec.deserialize(bytes);
    codec.deserialize(bytes);

    assertThat(bytes.remaining()).isEqualTo(remaining);
  }

  @Test
  void noBytesMeanNoMetadata() {
    assertThat(codec.deserialize(ByteBuffer.allocate(0))).isNull();
    assertThat(codec.deserialize(null)).isNull();
    assertThat(codec.serialize(null).remaining()).isZero();
  }

  @Test
  void foreignBytesAndObjectsAreRejected() {
    // A Java-serialization stream header: what a member using ScaleCube's default codec sends.
    ByteBuffer javaSerialized = ByteBuffer.wrap(new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5});

    assertThatThrownBy(() -> codec.deserialize(javaSerialized))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> codec.serialize("metadata"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.String");
  }
}
