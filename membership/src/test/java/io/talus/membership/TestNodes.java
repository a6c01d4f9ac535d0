package io.talus.membership;

import io.talus.protocol.membership.MemberMetadata;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Starts gossip members on 127.0.0.1 with fast timing, and closes whatever is still open. */
final class TestNodes implements AutoCloseable {

  /** Tighter than the defaults so that leave and failure tests finish in about a second. */
  static final MembershipConfig FAST =
      MembershipConfig.builder()
          .host("127.0.0.1")
          .pingInterval(Duration.ofMillis(200))
          .pingTimeout(Duration.ofMillis(100))
          .suspicionMultiplier(2)
          .gossipInterval(Duration.ofMillis(50))
          .build();

  private final List<Membership> started = new ArrayList<>();

  Membership start(MembershipConfig config, MemberMetadata metadata) {
    Membership membership = Membership.start(config, metadata);
    started.add(membership);
    return membership;
  }

  Membership seed(MemberMetadata metadata) {
    return start(FAST, metadata);
  }

  Membership join(Membership seed, MemberMetadata metadata) {
    return start(FAST.toBuilder().seeds(seed.address()).build(), metadata);
  }

  static MemberMetadata master(String nodeId, int httpPort) {
    return MemberMetadata.newBuilder()
        .setRole(MemberMetadata.Role.MASTER)
        .setNodeId(nodeId)
        .setHttpEndpoint("http://127.0.0.1:" + httpPort)
        .build();
  }

  static MemberMetadata agent(String nodeId, int httpPort) {
    return MemberMetadata.newBuilder()
        .setRole(MemberMetadata.Role.AGENT)
        .setNodeId(nodeId)
        .setHttpEndpoint("http://127.0.0.1:" + httpPort)
        .build();
  }

  /** Closes every member at once: each graceful leave takes a few gossip rounds. */
  @Override
  public void close() {
    CompletableFuture.allOf(
            started.stream()
                .map(membership -> CompletableFuture.runAsync(membership::close))
                .toArray(CompletableFuture[]::new))
        .join();
    started.clear();
  }
}
