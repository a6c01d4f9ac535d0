package io.talus.bench;

import io.talus.master.allocator.HierarchicalAllocator;
import io.talus.master.allocator.NanoClock;
import io.talus.master.allocator.OfferBatch;
import io.talus.master.allocator.OfferedResources;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.Attribute;
import io.talus.mesos.v1.Protos.Filters;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.protocol.resources.ResourceParser;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one {@link HierarchicalAllocator} round at the control plane's target size: 10,000
 * agents ({@code agents}) of {@code cpus:16;mem:65536;disk:500000;ports:[31000-32000]} with a rack
 * attribute, each already running one task ({@code cpus:2;mem:8192}) of some framework, and 100
 * ({@code frameworks}) single-role frameworks spread over five roles of weights 1, 1, 2, 3 and 5.
 *
 * <ul>
 *   <li>{@link #fullRound}: every agent's offer came back (recovered without a filter, as after a
 *       rescind of everything), so the round visits all agents and offers each one again.
 *   <li>{@link #incrementalRound}: 100 ({@code churn}) agents' offers were declined with {@code
 *       refuse_seconds: 0}; the round visits just those and offers them again.
 * </ul>
 *
 * <p>The state is re-established before each invocation ({@code Level.Invocation}: handing back
 * what the previous round offered, not timed), so every measured round does the same real work;
 * the {@code offers} and {@code rounds} secondary results (totals per iteration) give the offers
 * per round. The allocator's clock is a field that advances one second per round, as the periodic
 * allocation would.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
public class AllocatorBenchmark {

  static final String AGENT_RESOURCES = "cpus:16;mem:65536;disk:500000;ports:[31000-32000]";
  static final String TASK_RESOURCES = "cpus:2;mem:8192";
  static final double[] ROLE_WEIGHTS = {1, 1, 2, 3, 5};

  private static final Optional<Filters> DECLINE_NO_REFUSAL =
      Optional.of(Filters.newBuilder().setRefuseSeconds(0).build());

  @Benchmark
  public List<OfferBatch> fullRound(EveryOfferCameBack cluster, RoundCounter counter) {
    return cluster.round(counter);
  }

  @Benchmark
  public List<OfferBatch> incrementalRound(SomeOffersDeclined cluster, RoundCounter counter) {
    return cluster.round(counter);
  }

  /** Every outstanding offer is handed back (no filter) before each round. */
  public static class EveryOfferCameBack extends Cluster {
    @Setup(Level.Invocation)
    public void everyOfferCameBack() {
      for (int a = 0; a < agents; a++) {
        recover(a, Optional.empty());
      }
    }
  }

  /** The next {@link #churn} agents' offers are declined with {@code refuse_seconds: 0}. */
  public static class SomeOffersDeclined extends Cluster {
    @Param({"100"})
    public int churn;

    /** Where the next churn starts, so that successive rounds walk the whole cluster. */
    private int cursor;

    @Setup(Level.Invocation)
    public void someOffersDeclined() {
      for (int i = 0; i < churn; i++) {
        recover(cursor, DECLINE_NO_REFUSAL);
        cursor = (cursor + 1) % agents;
      }
    }
  }

  /** Offers made and rounds run in the iteration; their ratio is offers per round. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class RoundCounter {
    public long offers;
    public long rounds;

    @Setup(Level.Iteration)
    public void reset() {
      offers = 0;
      rounds = 0;
    }

    void count(List<OfferBatch> batches) {
      rounds++;
      for (OfferBatch b : batches) {
        offers += b.offers().size();
      }
    }
  }

  /** The cluster, the allocator over it, and the offers it has outstanding. */
  @State(Scope.Thread)
  public abstract static class Cluster {

    @Param({"10000"})
    public int agents;

    @Param({"100"})
    public int frameworks;

    private long nanos = 1_000_000_000_000L;
    private HierarchicalAllocator allocator;
    private FrameworkID[] frameworkIds;

    /** What each agent is currently offered to, by agent index: the offers to hand back. */
    private List<List<Held>> held;

    @Setup(Level.Trial)
    public void buildCluster() {
      NanoClock clock = () -> nanos;
      allocator = new HierarchicalAllocator(clock);
      for (int r = 0; r < ROLE_WEIGHTS.length; r++) {
        allocator.setWeight(role(r), ROLE_WEIGHTS[r]);
      }
      frameworkIds = new FrameworkID[frameworks];
      for (int f = 0; f < frameworks; f++) {
        frameworkIds[f] = FrameworkID.newBuilder().setValue(String.format("fw-%03d", f)).build();
        FrameworkInfo info =
            FrameworkInfo.newBuilder()
                .setUser("bench")
                .setName("framework " + f)
                .setRole(role(f % ROLE_WEIGHTS.length))
                .build();
        allocator.addFramework(frameworkIds[f], info);
      }
      Resources shape = Resources.parse(AGENT_RESOURCES);
      Resources task = Resources.parse(TASK_RESOURCES);
      held = new ArrayList<>(agents);
      for (int a = 0; a < agents; a++) {
        AgentID id = agentId(a);
        List<Attribute> attributes = ResourceParser.parseAttributes("rack:r" + (a % 50));
        allocator.addAgent(id, "host" + a, shape, attributes);
        // Something already runs everywhere, so that DRF shares differ between frameworks.
        allocator.recordAllocation(frameworkIds[(a * 7) % frameworks], id, task);
        held.add(new ArrayList<>(1));
      }
      record(allocator.allocate());
    }

    /** One round, one second after the last. */
    List<OfferBatch> round(RoundCounter counter) {
      nanos += 1_000_000_000L;
      List<OfferBatch> batches = allocator.allocate();
      record(batches);
      counter.count(batches);
      return batches;
    }

    void recover(int agent, Optional<Filters> filters) {
      List<Held> offers = held.get(agent);
      for (Held h : offers) {
        allocator.recoverResources(h.frameworkId(), h.agentId(), h.resources(), filters);
      }
      offers.clear();
    }

    private void record(List<OfferBatch> batches) {
      for (OfferBatch b : batches) {
        for (OfferedResources o : b.offers()) {
          held.get(agentIndex(o.agentId()))
              .add(new Held(b.frameworkId(), o.agentId(), o.resources()));
        }
      }
    }

    // ---- for tests --------------------------------------------------------------------------------

    HierarchicalAllocator allocator() {
      return allocator;
    }

    int outstandingOffers() {
      return held.stream().mapToInt(List::size).sum();
    }
  }

  /** One outstanding offer's resources, as the allocator handed them out. */
  record Held(FrameworkID frameworkId, AgentID agentId, Resources resources) {}

  static String role(int r) {
    return "role" + r;
  }

  static AgentID agentId(int a) {
    return AgentID.newBuilder().setValue(String.format("agent-%05d", a)).build();
  }

  private static int agentIndex(AgentID id) {
    return Integer.parseInt(id.getValue().substring("agent-".length()));
  }
}
