package io.talus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.talus.master.allocator.OfferBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the benchmark's setups and bodies directly (not under JMH), on a smaller cluster, to show
 * that every invocation does the round it claims to.
 */
class AllocatorBenchmarkTest {

  private static final int AGENTS = 600;
  private static final int FRAMEWORKS = 20;

  private static <T extends AllocatorBenchmark.Cluster> T build(T cluster) {
    cluster.agents = AGENTS;
    cluster.frameworks = FRAMEWORKS;
    cluster.buildCluster();
    return cluster;
  }

  private static int offers(List<OfferBatch> batches) {
    return batches.stream().mapToInt(b -> b.offers().size()).sum();
  }

  @Test
  void everyFullRoundOffersEveryAgentAgain() {
    AllocatorBenchmark benchmark = new AllocatorBenchmark();
    AllocatorBenchmark.EveryOfferCameBack cluster =
        build(new AllocatorBenchmark.EveryOfferCameBack());
    AllocatorBenchmark.RoundCounter counter = new AllocatorBenchmark.RoundCounter();
    assertThat(cluster.outstandingOffers()).isEqualTo(AGENTS);

    for (int i = 0; i < 3; i++) {
      cluster.everyOfferCameBack();
      assertThat(cluster.outstandingOffers()).isZero();
      List<OfferBatch> batches = benchmark.fullRound(cluster, counter);
      assertThat(offers(batches)).isEqualTo(AGENTS);
      // DRF spreads the round over every framework.
      assertThat(batches).hasSize(FRAMEWORKS);
      assertThat(cluster.outstandingOffers()).isEqualTo(AGENTS);
    }
    assertThat(counter.rounds).isEqualTo(3);
    assertThat(counter.offers).isEqualTo(3L * AGENTS);
  }

  @Test
  void everyIncrementalRoundOffersJustTheDeclinedAgents() {
    AllocatorBenchmark benchmark = new AllocatorBenchmark();
    AllocatorBenchmark.SomeOffersDeclined cluster =
        build(new AllocatorBenchmark.SomeOffersDeclined());
    cluster.churn = 25;
    AllocatorBenchmark.RoundCounter counter = new AllocatorBenchmark.RoundCounter();

    // Without the invocation setup there is nothing to do: the setup is what makes the work.
    assertThat(benchmark.incrementalRound(cluster, counter)).isEmpty();

    // Enough rounds for the churn to wrap around the cluster.
    int rounds = AGENTS / 25 + 3;
    for (int i = 0; i < rounds; i++) {
      cluster.someOffersDeclined();
      assertThat(cluster.outstandingOffers()).isEqualTo(AGENTS - 25);
      assertThat(offers(benchmark.incrementalRound(cluster, counter))).isEqualTo(25);
      assertThat(cluster.outstandingOffers()).isEqualTo(AGENTS);
    }
    assertThat(counter.offers).isEqualTo(25L * rounds);
  }
}
