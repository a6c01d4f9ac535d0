package io.talus.master.leader;

import io.talus.http.HttpResponder;
import io.talus.http.MediaType;
import io.talus.master.allocator.HierarchicalAllocator;
import io.talus.master.allocator.OfferBatch;
import io.talus.master.allocator.OfferedResources;
import io.talus.master.state.AgentEndpoints;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.URL;
import io.talus.mesos.v1.Protos.Address;
import io.talus.mesos.v1.scheduler.Protos.Call;
import io.talus.mesos.v1.scheduler.Protos.Event;
import io.talus.protocol.agent.AgentToMaster;
import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.RoleRecord;
import io.talus.protocol.registry.TaskRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This master's leadership for one Raft term. Built when the peer becomes leader, it recovers from
 * the registry (every framework inactive until it resubscribes, every active agent awaiting its
 * reregistration, every unacknowledged update ready to be sent again), then serves the scheduler
 * API and the agent streams until the term ends. Entry points may be called from any thread; the
 * work runs on the leader's event loop.
 */
public final class Leader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Leader.class);

  private final LeaderContext ctx;
  private final long term;
  private final EventLoop loop;
  private final long electedWallNanos;
  private volatile LeaderState state;
  private volatile boolean ready;
  private SchedulerCalls scheduler;
  private AgentSessions agents;
  private FrameworkLifecycle lifecycle;
  private StatusUpdates updates;
  private final List<ScheduledFuture<?>> timers = new ArrayList<>();

  public Leader(LeaderContext ctx, long term) {
    this.ctx = ctx;
    this.term = term;
    this.loop = new EventLoop("talus-leader-t" + term);
    this.electedWallNanos = LeaderContext.wallNanos();
  }

  public long term() {
    return term;
  }

  public long electedWallNanos() {
    return electedWallNanos;
  }

  /** Recovered from the registry and serving. Until then requests get 503. */
  public boolean ready() {
    return ready && !loop.isClosed();
  }

  /**
   * Starts recovery once this peer's registry holds everything committed before its term: the
   * leader is ready (it committed an entry of its own term) and has applied up to its commit index.
   * Polled on the event loop rather than asked of Ratis as a read index, which a one-peer group
   * never answers.
   */
  public void start() {
    loop.execute(this::awaitRegistry);
  }

  private void awaitRegistry() {
    if (loop.isClosed()) {
      return;
    }
    var consensus = ctx.consensus();
    Optional<String> clusterId = consensus.readLocal(r -> r.clusterId());
    boolean caughtUp = consensus.isLeaderReady() && consensus.appliedIndex() >= consensus.commitIndex();
    if (!caughtUp || clusterId.isEmpty()) {
      loop.schedule(this::awaitRegistry, 20_000_000L);
      return;
    }
    recover(clusterId.get());
  }

  private void recover(String clusterId) {
    long startNanos = System.nanoTime();
    HierarchicalAllocator allocator = new HierarchicalAllocator(System::nanoTime);
    LeaderState s = new LeaderState(ctx, term, loop, allocator, clusterId);
    updates = new StatusUpdates(s);
    lifecycle = new FrameworkLifecycle(s);
    agents = new AgentSessions(s, updates);
    scheduler = new SchedulerCalls(s, updates, lifecycle);
    s.onAllocation(() -> allocate(s));

    long now = LeaderContext.wallNanos();
    record Snapshot(List<RoleRecord> roles, List<FrameworkRecord> frameworks, List<AgentRecord> agents,
        List<TaskRecord> unacked) {}
    Snapshot snap = s.registry(r -> new Snapshot(List.copyOf(r.roles()), List.copyOf(r.frameworks()),
        List.copyOf(r.agents()), r.frameworks().stream()
            .flatMap(f -> r.tasksOf(f.getInfo().getId().getValue()).stream())
            .filter(t -> !t.getAcknowledged()).toList()));
    snap.roles().forEach(role -> allocator.setWeight(role.getRole(), role.getWeight()));
    int frameworks = 0;
    for (FrameworkRecord f : snap.frameworks()) {
      if (f.getState() != FrameworkRecord.State.REMOVED) {
        lifecycle.recovered(f, now);
        frameworks++;
      }
    }
    int awaiting = 0;
    for (AgentRecord a : snap.agents()) {
      if (a.getState() == AgentRecord.State.ACTIVE) {
        agents.awaitReregistration(a);
        awaiting++;
      }
    }
    for (TaskRecord t : snap.unacked()) {
      s.unacked.put(LeaderState.TaskKey.of(t), new LeaderState.Unacked(t.getLatestStatus(), 0));
    }
    var config = ctx.config();
    timers.add(loop.every(this::heartbeat, config.frameworkHeartbeatInterval().toNanos()));
    timers.add(loop.every(agents::ping, config.agentPingInterval().toNanos()));
    timers.add(loop.every(s::scheduleAllocation, config.allocationInterval().toNanos()));
    long retry = config.statusUpdateRetryInterval().toNanos();
    timers.add(loop.every(() -> updates.retry(retry), Math.max(retry / 4, 50_000_000L)));
    config.offerTimeout().ifPresent(t -> timers.add(loop.every(() -> expireOffers(t.toNanos()),
        Math.max(t.toNanos() / 4, 50_000_000L))));
    this.state = s;
    this.ready = true;
    LOG.info("leader recovered term={} cluster={} frameworks={} agents_awaiting_reregistration={}"
        + " unacknowledged_updates={} in {} ms", term, clusterId, frameworks, awaiting, snap.unacked().size(),
        (System.nanoTime() - startNanos) / 1_000_000);
  }

  // ---- entry points (any thread) ----

  public void subscribe(Call call, MediaType mediaType, HttpResponder responder) {
    onLoop(responder, () -> scheduler.subscribe(call, mediaType, responder));
  }

  public void call(Call call, Optional<String> streamId, HttpResponder responder) {
    onLoop(responder, () -> scheduler.call(call, streamId, responder));
  }

  public void agentMessage(AgentToMaster message, Optional<String> agentId, Optional<String> sessionId,
      HttpResponder responder) {
    onLoop(responder, () -> {
      switch (message.getMessageCase()) {
        case REGISTER -> agents.register(message.getRegister(), responder);
        case REREGISTER -> agents.reregister(message.getReregister(), responder);
        default -> {
          if (agentId.isEmpty() || sessionId.isEmpty()) {
            responder.respondText(400, "Expecting the agent id and session id headers");
          } else {
            agents.message(agentId.get(), sessionId.get(), message, responder);
          }
        }
      }
    });
  }

  /** Gossip says the agent process at this HTTP endpoint, of this incarnation, is dead. */
  public void memberDead(String httpEndpoint, String incarnation) {
    loop.execute(() -> {
      if (ready) {
        agents.gossipDead(httpEndpoint, incarnation);
      }
    });
  }

  /** The view of this leader, taken on its event loop so registry and sessions agree. */
  public CompletableFuture<io.talus.master.state.MasterView> view(io.talus.master.state.MasterView base) {
    return onLoop(s -> ViewBuilder.build(base, ctx.consensus(), Optional.ofNullable(s)));
  }

  /** The view of a master that does not lead: its replica of the registry, nothing connected. */
  public static io.talus.master.state.MasterView followerView(
      io.talus.master.state.MasterView base, io.talus.consensus.ConsensusServer consensus) {
    return ViewBuilder.build(base, consensus, Optional.empty());
  }

  /** Runs {@code reader} on the event loop against this leader's state (for views and tests). */
  <T> CompletableFuture<T> onLoop(Function<LeaderState, T> reader) {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        result.complete(reader.apply(state));
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  private void onLoop(HttpResponder responder, Runnable work) {
    if (!ready()) {
      responder.respondText(503, "Master is recovering");
      return;
    }
    loop.execute(work);
  }

  // ---- periodic work ----

  private void heartbeat() {
    Event heartbeat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
    for (FrameworkSession f : List.copyOf(state.frameworks.values())) {
      f.send(heartbeat);
    }
  }

  private void expireOffers(long timeoutNanos) {
    LeaderState s = state;
    List<String> expired = s.offers.olderThan(LeaderState.monoNanos() - timeoutNanos).stream()
        .map(o -> o.offer().getId().getValue()).toList();
    if (!expired.isEmpty()) {
      LOG.info("offers timed out count={}", expired.size());
      s.rescindOffers(o -> expired.contains(o.getId().getValue()), true);
      s.scheduleAllocation();
    }
  }

  private void allocate(LeaderState s) {
    long now = LeaderState.monoNanos();
    for (OfferBatch batch : s.allocator.allocate()) {
      String fid = batch.frameworkId().getValue();
      Optional<FrameworkSession> session = s.connectedFramework(fid);
      Event.Offers.Builder event = Event.Offers.newBuilder();
      for (OfferedResources r : batch.offers()) {
        Offer offer = offerFor(s, batch, r);
        if (session.isEmpty()) {
          s.allocator.recoverResources(batch.frameworkId(), r.agentId(), r.resources(), Optional.empty());
          continue;
        }
        s.offers.add(offer, now);
        event.addOffers(offer);
      }
      if (event.getOffersCount() > 0) {
        session.get().send(Event.newBuilder().setType(Event.Type.OFFERS).setOffers(event).build());
        LOG.debug("offers sent framework={} count={}", fid, event.getOffersCount());
      }
    }
    OptionalLong next = s.allocator.nanosUntilNextFilterExpiry();
    if (next.isPresent() && next.getAsLong() < ctx.config().allocationInterval().toNanos()) {
      loop.schedule(s::scheduleAllocation, next.getAsLong());
    }
  }

  private static Offer offerFor(LeaderState s, OfferBatch batch, OfferedResources r) {
    Optional<AgentRecord> agent = s.registry(reg -> reg.agent(r.agentId().getValue()));
    Offer.Builder offer = Offer.newBuilder()
        .setId(s.offers.nextId())
        .setFrameworkId(batch.frameworkId())
        .setAgentId(r.agentId())
        .setHostname(r.hostname())
        .addAllResources(r.resources())
        .addAllAttributes(r.attributes());
    offer.getAllocationInfoBuilder().setRole(r.role());
    agent.ifPresent(a -> offer.setUrl(agentUrl(a)));
    return offer.build();
  }

  /** Mesos's offer URL: the agent's address and the libprocess path of its HTTP API. */
  static URL agentUrl(AgentRecord agent) {
    String hostPort = AgentEndpoints.hostPort(agent);
    int colon = hostPort.lastIndexOf(':');
    String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
    int port = agent.getInfo().getPort();
    if (colon > 0) {
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        // keep AgentInfo's port
      }
    }
    Address.Builder address = Address.newBuilder().setHostname(agent.getInfo().getHostname()).setPort(port);
    if (!host.isEmpty()) {
      address.setIp(host);
    }
    return URL.newBuilder().setScheme("http").setAddress(address).setPath("/slave(1)").build();
  }

  @Override
  public void close() {
    ready = false;
    LeaderState s = state;
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> {
      try {
        timers.forEach(t -> t.cancel(false));
        if (s != null) {
          s.closed = true;
          lifecycle.close();
          agents.close();
          s.frameworks.values().forEach(f -> f.stream().close());
          s.agents.values().forEach(a -> a.stream().close());
        }
      } finally {
        done.complete(null);
      }
    });
    try {
      done.get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("leader term={} did not stop cleanly: {}", term, e.toString());
    }
    loop.close();
    LOG.info("leadership ended term={}", term);
  }
}
