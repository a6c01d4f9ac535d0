package io.talus.master.allocator;

import static io.talus.master.allocator.Fixtures.agent;
import static io.talus.master.allocator.Fixtures.fw;
import static io.talus.master.allocator.Fixtures.info;
import static io.talus.master.allocator.Fixtures.multiRole;
import static io.talus.master.allocator.Fixtures.offers;
import static io.talus.master.allocator.Fixtures.refuse;
import static io.talus.master.allocator.Fixtures.res;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.protocol.resources.Resources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The same inputs give the same offers, whatever order agents and frameworks were added in. */
class DeterminismTest {

  private static final long SEED = 20240611L;
  private static final String[] ROLES = {"r0", "r1", "r2"};

  @Test
  void aScriptedRunGivesIdenticalOffersEveryTime() {
    System.out.println("DeterminismTest seed " + SEED);
    List<List<String>> first = run(SEED);
    List<List<String>> second = run(SEED);

    assertThat(second).isEqualTo(first);
    assertThat(first.stream().mapToInt(List::size).sum()).isGreaterThan(300);
  }

  @Test
  void theOrderOfAddingAgentsAndFrameworksDoesNotMatter() {
    List<Integer> agents = new ArrayList<>();
    List<Integer> frameworks = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      agents.add(i);
    }
    for (int i = 0; i < 8; i++) {
      frameworks.add(i);
    }
    List<String> inOrder = firstRound(agents, frameworks);
    Collections.shuffle(agents, new Random(SEED));
    Collections.shuffle(frameworks, new Random(SEED));
    List<String> shuffled = firstRound(agents, frameworks);

    assertThat(shuffled).isEqualTo(inOrder).hasSize(50);
  }

  private static List<String> firstRound(List<Integer> agents, List<Integer> frameworks) {
    HierarchicalAllocator allocator = new HierarchicalAllocator(new FakeClock());
    allocator.setWeight("r1", 3);
    for (int i : agents) {
      allocator.addAgent(
          agent(String.format("a%03d", i)),
          "h" + i,
          res("cpus:" + (1 + i % 7) + ";mem:" + (1024 * (1 + i % 5))),
          List.of());
    }
    for (int i : frameworks) {
      allocator.addFramework(fw("f" + i), info(ROLES[i % ROLES.length]));
    }
    return offers(allocator.allocate());
  }

  /**
   * 200 agents of random sizes, 12 frameworks over three weighted roles (some multi-role), and 40
   * rounds in which frameworks launch tasks, decline with random filters, finish tasks and
   * suppress or revive, while the clock moves on. Returns each round's offers.
   */
  private static List<List<String>> run(long seed) {
    Random rnd = new Random(seed);
    FakeClock clock = new FakeClock();
    HierarchicalAllocator allocator = new HierarchicalAllocator(clock);
    allocator.setWeight("r1", 2);
    allocator.setWeight("r2", 0.5);
    for (int i = 0; i < 200; i++) {
      int cpus = 1 + rnd.nextInt(16);
      int mem = 1024 * (1 + rnd.nextInt(64));
      allocator.addAgent(
          agent(String.format("a%03d", i)),
          "h" + i,
          res("cpus:" + cpus + ";mem:" + mem + ";ports:[31000-32000]"),
          List.of());
    }
    for (int i = 0; i < 12; i++) {
      allocator.addFramework(
          fw(String.format("f%02d", i)),
          i % 4 == 3 ? multiRole("r0", "r2") : info(ROLES[i % ROLES.length]));
    }

    List<Task> running = new ArrayList<>();
    List<List<String>> trace = new ArrayList<>();
    for (int round = 0; round < 40; round++) {
      List<OfferBatch> batches = allocator.allocate();
      trace.add(offers(batches));
      for (OfferBatch batch : batches) {
        for (OfferedResources offer : batch.offers()) {
          Resources task = RoleResources.allocate(res("cpus:1;mem:512"), offer.role());
          int choice = rnd.nextInt(3);
          if (choice == 0 && offer.resources().contains(task)) {
            running.add(new Task(batch.frameworkId().getValue(), offer.agentId().getValue(), task));
            allocator.recoverResources(
                batch.frameworkId(),
                offer.agentId(),
                offer.resources().subtract(task),
                refuse(rnd.nextInt(3)));
          } else if (choice == 1) {
            allocator.recoverResources(
                batch.frameworkId(), offer.agentId(), offer.resources(), refuse(rnd.nextInt(10)));
          }
          // else the framework sits on the offer
        }
      }
      for (int finished = rnd.nextInt(5); finished > 0 && !running.isEmpty(); finished--) {
        Task t = running.remove(rnd.nextInt(running.size()));
        allocator.recoverResources(fw(t.framework), agent(t.agent), t.resources, Optional.empty());
      }
      String someone = String.format("f%02d", rnd.nextInt(12));
      if (rnd.nextInt(4) == 0) {
        allocator.suppressOffers(fw(someone), Set.of());
      } else {
        allocator.reviveOffers(fw(someone), Set.of());
      }
      clock.advance(Duration.ofMillis(rnd.nextInt(3000)));
    }
    return trace;
  }

  private record Task(String framework, String agent, Resources resources) {}
}
