package io.talus.membership;

import io.talus.protocol.membership.MemberMetadata;
import java.io.IOException;

/**
 * A gossip member in its own JVM, so a test can kill it with SIGKILL: a real crash, with no
 * graceful leave and its sockets closed by the kernel. Prints {@code LISTENING <address>} once it
 * listens and leaves gracefully when its standard input closes.
 *
 * <p>Arguments: the seed address and the node id.
 */
public final class GossipMemberProcess {

  static final String READY = "LISTENING ";

  private GossipMemberProcess() {}

  public static void main(String[] args) throws IOException {
    MembershipConfig config = MembershipConfig.builder().host("127.0.0.1").seeds(args[0]).build();
    MemberMetadata metadata =
        MemberMetadata.newBuilder()
            .setRole(MemberMetadata.Role.AGENT)
            .setNodeId(args[1])
            .setHttpEndpoint("http://127.0.0.1:5051")
            .build();
    try (Membership membership = Membership.start(config, metadata)) {
      System.out.println(READY + membership.address());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Block until the parent closes our stdin (or kills us).
      }
    }
  }
}
