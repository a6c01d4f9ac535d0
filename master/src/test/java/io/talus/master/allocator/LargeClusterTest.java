package io.talus.master.allocator;

import static io.talus.master.allocator.Fixtures.agent;
import static io.talus.master.allocator.Fixtures.fw;
import static io.talus.master.allocator.Fixtures.info;
import static io.talus.master.allocator.Fixtures.noFilter;
import static io.talus.master.allocator.Fixtures.res;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.protocol.resources.Resources;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A round over the control plane's target size, 10,000 agents and 100 frameworks, checked for
 * correctness only; the elapsed times are printed for information (the JMH benchmark that measures
 * them properly belongs to the bench module).
 */
class LargeClusterTest {

  private static final int AGENTS = 10_000;
  private static final int FRAMEWORKS = 100;
  private static final int ROLES = 5;

  @Test
  void everyAgentIsOfferedExactlyOnceAndSharesComeOutEven() {
    HierarchicalAllocator allocator = new HierarchicalAllocator(new FakeClock());
    Resources shape = res("cpus:8;mem:32768;disk:100000;ports:[31000-32000]");
    for (int i = 0; i < AGENTS; i++) {
      allocator.addAgent(agent(String.format("agent-%05d", i)), "host" + i, shape, List.of());
    }
    for (int i = 0; i < FRAMEWORKS; i++) {
      allocator.addFramework(fw(String.format("fw-%03d", i)), info("role" + (i % ROLES)));
    }

    long start = System.nanoTime();
    List<OfferBatch> batches = allocator.allocate();
    long firstRound = System.nanoTime() - start;

    Set<String> offeredAgents = new HashSet<>();
    Map<String, Integer> offersPerFramework = new HashMap<>();
    int offers = 0;
    for (OfferBatch b : batches) {
      for (OfferedResources o : b.offers()) {
        offers++;
        offeredAgents.add(o.agentId().getValue());
        assertThat(o.resources().scalar("cpus")).isEqualTo(8.0);
      }
      offersPerFramework.put(b.frameworkId().getValue(), b.offers().size());
    }
    assertThat(offers).isEqualTo(AGENTS);
    assertThat(offeredAgents).hasSize(AGENTS);
    // Identical agents and equal weights: DRF deals them out round-robin, to roles and then to
    // the frameworks within each role, so every framework gets AGENTS / FRAMEWORKS of them.
    assertThat(offersPerFramework).hasSize(FRAMEWORKS);
    assertThat(Set.copyOf(offersPerFramework.values())).containsExactly(AGENTS / FRAMEWORKS);

    assertThat(allocator.lastRoundCandidates()).isEqualTo(AGENTS);

    start = System.nanoTime();
    List<OfferBatch> idle = allocator.allocate();
    long idleRound = System.nanoTime() - start;
    assertThat(idle).isEmpty();
    assertThat(allocator.lastRoundCandidates()).isZero();

    // One framework hands back 10 agents: the next round looks at those 10 only.
    OfferBatch returning = batches.get(0);
    for (OfferedResources o : returning.offers().subList(0, 10)) {
      allocator.recoverResources(returning.frameworkId(), o.agentId(), o.resources(), noFilter());
    }
    start = System.nanoTime();
    List<OfferBatch> again = allocator.allocate();
    long smallRound = System.nanoTime() - start;
    assertThat(again.stream().mapToInt(b -> b.offers().size()).sum()).isEqualTo(10);
    assertThat(allocator.lastRoundCandidates()).isEqualTo(10);

    System.out.printf(
        "allocation round, %d agents x %d frameworks: first %.1f ms, idle %.3f ms,"
            + " 10 returned agents %.3f ms%n",
        AGENTS, FRAMEWORKS, firstRound / 1e6, idleRound / 1e6, smallRound / 1e6);
  }
}
