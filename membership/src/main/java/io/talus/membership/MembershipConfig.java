package io.talus.membership;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node takes part in gossip: where it listens, which seeds it joins through, and the SWIM
 * timing that decides how quickly a crashed node is declared dead.
 *
 * <p>The defaults are tuned for a LAN, not ScaleCube's own defaults, which take about 13 s to drop
 * a crashed member of a 3-node cluster. A member is suspected after one missed ping (interval plus
 * timeout) and declared dead after {@code suspicionMultiplier * ceil(log2 N) * pingInterval}; with
 * the defaults that is about 2–3 s for a handful of nodes on loopback and grows only
 * logarithmically with cluster size.
 *
 * @param host the address other members reach this node at; {@code null} lets ScaleCube use the
 *     local host's address. ScaleCube 2.7's TCP transport always listens on every interface, so
 *     this is the advertised address, not a bind filter.
 * @param port the gossip port; 0 picks any free port (see {@link Membership#address()})
 * @param seeds {@code host:port} addresses of members to join through; empty for the first node
 * @param pingInterval how often each member pings one other member
 * @param pingTimeout how long a ping may take before the member is asked about indirectly
 * @param suspicionMultiplier scales how long a suspected member has to refute the suspicion
 * @param gossipInterval how often gossip (membership changes, metadata updates) is spread
 * @param syncInterval how often a member exchanges its whole membership table with another, which
 *     repairs anything gossip missed (for example after a partition heals)
 * @param shutdownTimeout the longest {@link Membership#close()} waits for the graceful leave
 */
public record MembershipConfig(
    String host,
    int port,
    List<String> seeds,
    Duration pingInterval,
    Duration pingTimeout,
    int suspicionMultiplier,
    Duration gossipInterval,
    Duration syncInterval,
    Duration shutdownTimeout) {

  public static final Duration DEFAULT_PING_INTERVAL = Duration.ofMillis(400);
  public static final Duration DEFAULT_PING_TIMEOUT = Duration.ofMillis(200);
  public static final int DEFAULT_SUSPICION_MULTIPLIER = 2;
  public static final Duration DEFAULT_GOSSIP_INTERVAL = Duration.ofMillis(100);
  public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(15);
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(3);

  public MembershipConfig {
    if (host != null && host.isBlank()) {
      host = null;
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("gossip port must be 0..65535, got " + port);
    }
    seeds = List.copyOf(Objects.requireNonNull(seeds, "seeds"));
    seeds.forEach(MembershipConfig::checkSeed);
    requirePositive("pingInterval", pingInterval);
    requirePositive("pingTimeout", pingTimeout);
    if (pingTimeout.compareTo(pingInterval) >= 0) {
      // SWIM needs the ping (and its indirect ping-req) to finish inside one protocol period.
      throw new IllegalArgumentException(
          "pingTimeout " + pingTimeout + " must be shorter than pingInterval " + pingInterval);
    }
    if (suspicionMultiplier < 1) {
      throw new IllegalArgumentException(
          "suspicionMultiplier must be at least 1, got " + suspicionMultiplier);
    }
    requirePositive("gossipInterval", gossipInterval);
    requirePositive("syncInterval", syncInterval);
    requirePositive("shutdownTimeout", shutdownTimeout);
  }

  /** Defaults: any free port, the local host's address, no seeds (a cluster of one). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .host(host)
        .port(port)
        .seeds(seeds)
        .pingInterval(pingInterval)
        .pingTimeout(pingTimeout)
        .suspicionMultiplier(suspicionMultiplier)
        .gossipInterval(gossipInterval)
        .syncInterval(syncInterval)
        .shutdownTimeout(shutdownTimeout);
  }

  private static void checkSeed(String seed) {
    int colon = seed.lastIndexOf(':');
    if (colon <= 0 || colon == seed.length() - 1) {
      throw new IllegalArgumentException("seed must be host:port, got '" + seed + "'");
    }
    int port;
    try {
      port = Integer.parseInt(seed.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("seed must be host:port, got '" + seed + "'", e);
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("seed port must be 1..65535, got '" + seed + "'");
    }
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** Mutable builder; {@link #build()} validates. */
  public static final class Builder {
    private String host;
    private int port;
    private List<String> seeds = List.of();
    private Duration pingInterval = DEFAULT_PING_INTERVAL;
    private Duration pingTimeout = DEFAULT_PING_TIMEOUT;
    private int suspicionMultiplier = DEFAULT_SUSPICION_MULTIPLIER;
    private Duration gossipInterval = DEFAULT_GOSSIP_INTERVAL;
    private Duration syncInterval = DEFAULT_SYNC_INTERVAL;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder seeds(List<String> seeds) {
      this.seeds = seeds;
      return this;
    }

    public Builder seeds(String... seeds) {
      return seeds(List.of(seeds));
    }

    public Builder pingInterval(Duration pingInterval) {
      this.pingInterval = pingInterval;
      return this;
    }

    public Builder pingTimeout(Duration pingTimeout) {
      this.pingTimeout = pingTimeout;
      return this;
    }

    public Builder suspicionMultiplier(int suspicionMultiplier) {
      this.suspicionMultiplier = suspicionMultiplier;
      return this;
    }

    public Builder gossipInterval(Duration gossipInterval) {
      this.gossipInterval = gossipInterval;
      return this;
    }

    public Builder syncInterval(Duration syncInterval) {
      this.syncInterval = syncInterval;
      return this;
    }

    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    public MembershipConfig build() {
      return new MembershipConfig(
          host,
          port,
          seeds,
          pingInterval,
          pingTimeout,
          suspicionMultiplier,
          gossipInterval,
          syncInterval,
          shutdownTimeout);
    }
  }
}
