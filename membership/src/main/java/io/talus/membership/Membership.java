package io.talus.membership;

import io.scalecube.cluster.Cluster;
import io.scalecube.cluster.ClusterImpl;
import io.scalecube.cluster.ClusterMessageHandler;
import io.scalecube.transport.netty.tcp.TcpTransportFactory;
import io.talus.protocol.membership.MemberMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership in the gossip cluster: a small wrapper over a ScaleCube {@link Cluster}
 * that speaks Talus types ({@link Member}, {@link MemberMetadata}, {@link MembershipEvent}).
 *
 * <p>Thread model: ScaleCube runs everything on one cluster thread; this class never blocks it.
 * Events reach listeners on a separate event thread (see {@link #subscribe}); queries read a
 * concurrent view and may be called from any thread.
 */
public final class Membership implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);

  private final MembershipConfig config;
  private final Cluster cluster;
  private final MemberView view;
  private final AtomicReference<Member> self;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Membership(MembershipConfig config, Cluster cluster, MemberView view) {
    this.config = config;
    this.cluster = cluster;
    this.view = view;
    MemberMetadata metadata = cluster.<MemberMetadata>metadata().orElseThrow();
    this.self =
        new AtomicReference<>(new Member(cluster.member().id(), cluster.address(), metadata));
  }

  /**
   * Starts gossip and joins through the configured seeds. Returns once this node listens; joining
   * continues in the background (an unreachable seed is retried at every sync interval), and the
   * members found arrive as {@link MembershipEvent.Type#ADDED} events.
   *
   * @throws IllegalStateException if the transport cannot start (for example, the port is taken)
   */
  public static Membership start(MembershipConfig config, MemberMetadata metadata) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(metadata, "metadata");
    if (!metadata.isInitialized()) {
      throw new IllegalArgumentException(
          "metadata lacks required fields: " + metadata.findInitializationErrors());
    }
    MemberView view = new MemberView(metadata.getNodeId());
    Cluster cluster;
    try {
      cluster = newCluster(config, metadata, view).startAwait();
    } catch (RuntimeException e) {
      view.close();
      throw new IllegalStateException(
          "Could not start gossip membership on port " + config.port() + ": " + e.getMessage(), e);
    }
    Membership membership = new Membership(config, cluster, view);
    LOG.info(
        "Gossip member {} ({} {}) listening at {}, seeds {}",
        membership.self.get().id(),
        metadata.getRole(),
        metadata.getNodeId(),
        cluster.address(),
        config.seeds());
    return membership;
  }

  private static ClusterImpl newCluster(
      MembershipConfig config, MemberMetadata metadata, MemberView view) {
    return new ClusterImpl()
        .config(
            options ->
                options
                    .memberAlias(metadata.getNodeId())
                    .externalHost(config.host())
                    .metadata(metadata)
                    .metadataCodec(MemberMetadataCodec.INSTANCE))
        .membership(
            options ->
                options
                    .seedMembers(config.seeds())
                    .syncInterval(Math.toIntExact(config.syncInterval().toMillis()))
                    .suspicionMult(config.suspicionMultiplier()))
        .failureDetector(
            options ->
                options
                    .pingInterval(Math.toIntExact(config.pingInterval().toMillis()))
                    .pingTimeout(Math.toIntExact(config.pingTimeout().toMillis())))
        .gossip(options -> options.gossipInterval(config.gossipInterval().toMillis()))
        .transport(options -> options.port(config.port()))
        .transportFactory(TcpTransportFactory::new)
        .handler(
            cluster ->
                new ClusterMessageHandler() {
                  @Override
                  public void onMembershipEvent(
                      io.scalecube.cluster.membership.MembershipEvent event) {
                    view.submit(GossipChange.from(event));
                  }
                });
  }

  /** This node's gossip address, {@code host:port}: what other nodes list as a seed. */
  public String address() {
    return cluster.address();
  }

  /** This node as other members see it, with its current metadata. */
  public Member localMember() {
    return self.get();
  }

  /** Every member this node knows of, itself first, then the others by address. */
  public List<Member> members() {
    List<Member> members = new ArrayList<>();
    members.add(self.get());
    members.addAll(otherMembers());
    return List.copyOf(members);
  }

  /** The members other than this node, by address. */
  public List<Member> otherMembers() {
    return view.others().stream().sorted(Comparator.comparing(Member::address)).toList();
  }

  /**
   * Publishes new metadata; other members see it as an {@link MembershipEvent.Type#UPDATED} event
   * within a few gossip intervals. This node's own view changes at once.
   *
   * @return completes when ScaleCube has taken the update and started spreading it
   */
  public CompletableFuture<Void> updateMetadata(MemberMetadata metadata) {
    Objects.requireNonNull(metadata, "metadata");
    if (!metadata.isInitialized()) {
      throw new IllegalArgumentException(
          "metadata lacks required fields: " + metadata.findInitializationErrors());
    }
    self.updateAndGet(member -> member.withMetadata(metadata));
    return cluster.updateMetadata(metadata).toFuture();
  }

  /**
   * The freshest leader hint in gossip, this node's own included: the metadata of the master
   * advertising the highest leader term with a leader HTTP endpoint.
   */
  public Optional<MemberMetadata> leaderHint() {
    return LeaderHint.from(members());
  }

  /**
   * Registers a listener. It first receives an {@link MembershipEvent.Type#ADDED} event for each
   * member already known, then every later change, in order and on the event thread, so it never
   * misses a member and never sees one twice.
   */
  public Subscription subscribe(MembershipListener listener) {
    Objects.requireNonNull(listener, "listener");
    return view.subscribe(listener);
  }

  /**
   * Leaves the cluster gracefully (others see LEAVING, then REMOVED, instead of waiting for
   * failure detection), waiting at most the configured shutdown timeout. Must not be called from
   * a ScaleCube thread.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    LOG.info("Gossip member {} leaving", cluster.address());
    cluster.shutdown();
    try {
      cluster.onShutdown().block(config.shutdownTimeout());
    } catch (RuntimeException e) {
      LOG.warn(
          "Gossip member {} did not finish leaving within {}: {}",
          cluster.address(),
          config.shutdownTimeout(),
          e.toString());
    }
    view.close();
  }
}
