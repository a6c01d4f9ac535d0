package io.talus.cli;

import io.talus.membership.MembershipConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Gossip flags shared by {@code talus master} and {@code talus agent}. */
final class GossipOptions {

  @Option(names = "--gossip_port", description = "Gossip (SWIM) port; 0 picks a free one."
      + " Default: the HTTP port + 2000.")
  Integer port;

  @Option(names = "--gossip_seeds", split = ",",
      description = "host:port of gossip members to join through (any master or agent).")
  List<String> seeds = new ArrayList<>();

  @Option(names = "--gossip_ping_interval", converter = DurationConverter.class, defaultValue = "400ms",
      description = "How often a member pings another. Default: ${DEFAULT-VALUE}.")
  Duration pingInterval;

  @Option(names = "--gossip_ping_timeout", converter = DurationConverter.class, defaultValue = "200ms",
      description = "How long a ping may take before indirect pings. Default: ${DEFAULT-VALUE}.")
  Duration pingTimeout;

  @Option(names = "--gossip_suspicion_mult", defaultValue = "2",
      description = "Scales how long a suspected member may refute it. Default: ${DEFAULT-VALUE}.")
  int suspicionMultiplier;

  MembershipConfig toConfig(String advertisedHost, int defaultPort) {
    return MembershipConfig.builder()
        .host(advertisedHost)
        .port(port != null ? port : defaultPort)
        .seeds(seeds)
        .pingInterval(pingInterval)
        .pingTimeout(pingTimeout)
        .suspicionMultiplier(suspicionMultiplier)
        .build();
  }
}
