package io.talus.master.allocator;

import static io.talus.master.allocator.Fixtures.agent;
import static io.talus.master.allocator.Fixtures.agentsByFramework;
import static io.talus.master.allocator.Fixtures.fw;
import static io.talus.master.allocator.Fixtures.info;
import static io.talus.master.allocator.Fixtures.labelled;
import static io.talus.master.allocator.Fixtures.multiRole;
import static io.talus.master.allocator.Fixtures.noFilter;
import static io.talus.master.allocator.Fixtures.offers;
import static io.talus.master.allocator.Fixtures.refuse;
import static io.talus.master.allocator.Fixtures.res;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.talus.mesos.v1.Protos.Filters;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who gets which agent: DRF across roles (weighted), then across the frameworks of a role. */
class DrfAllocationTest {

  private final FakeClock clock = new FakeClock();
  private final HierarchicalAllocator allocator = new HierarchicalAllocator(clock);

  private void addAgent(String id, String resources) {
    allocator.addAgent(agent(id), id + ".example", res(resources), List.of());
  }

  @Test
  void aSingleFrameworkIsOfferedEveryAgentWhole() {
    addAgent("a2", "cpus:2;mem:2048");
    addAgent("a1", "cpus:4;mem:4096;ports:[31000-32000]");
    allocator.addFramework(fw("f1"), info("*"));

    List<OfferBatch> batches = allocator.allocate();

    // One batch for the framework, agents in id order, each offer all the agent has, labelled *.
    assertThat(offers(batches))
        .containsExactly(
            "f1 a1(*)[cpus:4; mem:4096; ports:[31000-32000]]", "f1 a2(*)[cpus:2; mem:2048]");
    OfferedResources first = batches.get(0).offers().get(0);
    assertThat(first.hostname()).isEqualTo("a1.example");
    assertThat(first.resources())
        .isEqualTo(RoleResources.allocate(res("cpus:4;mem:4096;ports:[31000-32000]"), "*"));
    assertThat(allocator.available(agent("a1")).isEmpty()).isTrue();
    assertThat(allocator.frameworkShare(fw("f1"), "*")).isEqualTo(1.0);
  }

  @Test
  void twoFrameworksInOneRoleTakeAgentsByDominantShare() {
    // Cluster total: cpus 16, mem 16384.
    addAgent("a1", "cpus:8;mem:1024");
    addAgent("a2", "cpus:1;mem:1024");
    addAgent("a3", "cpus:1;mem:1024");
    addAgent("a4", "cpus:6;mem:13312");
    allocator.addFramework(fw("f1"), info("web"));
    allocator.addFramework(fw("f2"), info("web"));

    // a1: both 0, tie broken by id -> f1; f1 = max(8/16, 1024/16384) = 0.5
    // a2: f2 (0 < 0.5);                    f2 = max(1/16, 1024/16384) = 0.0625
    // a3: f2 (0.0625 < 0.5);               f2 = max(2/16, 2048/16384) = 0.125
    // a4: f2 (0.125 < 0.5);                f2 = max(8/16, 15360/16384) = 0.9375
    assertThat(agentsByFramework(allocator.allocate()))
        .isEqualTo(Map.of("f1", List.of("a1"), "f2", List.of("a2", "a3", "a4")));
    assertThat(allocator.frameworkShare(fw("f1"), "web")).isEqualTo(0.5);
    assertThat(allocator.frameworkShare(fw("f2"), "web")).isEqualTo(0.9375);

    // f2 declines a4 without a filter: back to 0.125, still below f1, so a4 goes to f2 again.
    allocator.recoverResources(
        fw("f2"), agent("a4"), labelled("cpus:6;mem:13312", "web"), refuse(0));
    assertThat(allocator.frameworkShare(fw("f2"), "web")).isEqualTo(0.125);
    assertThat(agentsByFramework(allocator.allocate())).isEqualTo(Map.of("f2", List.of("a4")));
  }

  @Test
  void frameworksWithDifferentDemandsConvergeToEqualDominantShares() {
    // The DRF paper's example: 9 CPUs and 18 GB; A's tasks need <1 CPU, 4 GB> (memory-heavy),
    // B's <3 CPUs, 1 GB> (CPU-heavy). Each offer is the whole agent; a framework launches one task
    // if it fits and hands the rest back without a filter, or declines everything with the
    // default 5 s filter when its task does not fit.
    addAgent("big", "cpus:9;mem:18432");
    allocator.addFramework(fw("A"), info("*"));
    allocator.addFramework(fw("B"), info("*"));
    Map<String, Resources> demand =
        Map.of("A", res("cpus:1;mem:4096"), "B", res("cpus:3;mem:1024"));

    List<String> trace = new ArrayList<>();
    for (List<OfferBatch> round = allocator.allocate();
        !round.isEmpty();
        round = allocator.allocate()) {
      for (OfferBatch batch : round) {
        String f = batch.frameworkId().getValue();
        for (OfferedResources offer : batch.offers()) {
          Resources task = RoleResources.allocate(demand.get(f), offer.role());
          if (offer.resources().contains(task)) {
            trace.add(f + " launches");
            allocator.recoverResources(
                batch.frameworkId(), offer.agentId(), offer.resources().subtract(task), refuse(0));
          } else {
            trace.add(f + " declines");
            allocator.recoverResources(
                batch.frameworkId(),
                offer.agentId(),
                offer.resources(),
                Optional.of(Filters.getDefaultInstance()));
          }
        }
      }
    }

    // A: 0 -> <1,4G> 0.222;  B: 0 -> <3,1G> 0.333;  A: 0.222 -> <2,8G> 0.444;
    // B: 0.333 -> <6,2G> 0.667;  A: 0.444 -> <3,12G> 0.667;  left <0 CPU, 4 GB>: A (tie, by id)
    // cannot use it and declines, then B, then both are filtered and the rounds go quiet.
    assertThat(trace)
        .containsExactly(
            "A launches", "B launches", "A launches", "B launches", "A launches", "A declines",
            "B declines");
    assertThat(allocator.frameworkShare(fw("A"), "*")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(allocator.frameworkShare(fw("B"), "*")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(allocator.available(agent("big"))).isEqualTo(res("mem:4096"));
  }

  @Test
  void aRoleOfWeightTwoGetsTwiceTheShare() {
    for (int i = 1; i <= 6; i++) {
      addAgent("a" + i, "cpus:1;mem:1024");
    }
    allocator.setWeight("gold", 2);
    allocator.addFramework(fw("g"), info("gold"));
    allocator.addFramework(fw("s"), info("silver"));

    // Weighted share = (agents held / 6) / weight.
    // a1: tie 0 = 0, by name -> gold (1/12)     a2: silver (0)      -> silver 1/6
    // a3: gold (1/12 < 1/6)  -> 2/12            a4: tie 1/6, gold   -> 3/12
    // a5: silver (1/6 < 1/4) -> 2/6             a6: gold (1/4)      -> 4/12
    assertThat(offers(allocator.allocate()))
        .containsExactly(
            "g a1(gold)[cpus:1; mem:1024]",
            "g a3(gold)[cpus:1; mem:1024]",
            "g a4(gold)[cpus:1; mem:1024]",
            "g a6(gold)[cpus:1; mem:1024]",
            "s a2(silver)[cpus:1; mem:1024]",
            "s a5(silver)[cpus:1; mem:1024]");
    // Four agents against two, and equal weighted shares.
    assertThat(allocator.roleShare("gold")).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(allocator.roleShare("silver")).isCloseTo(1.0 / 3, within(1e-12));
  }

  @Test
  void aWeightChangeReordersTheRolesForTheNextRound() {
    addAgent("a1", "cpus:1;mem:1024");
    addAgent("a2", "cpus:1;mem:1024");
    allocator.addFramework(fw("g"), info("gold"));
    allocator.addFramework(fw("s"), info("silver"));
    allocator.allocate(); // one agent each: both roles at 1/2

    addAgent("a3", "cpus:1;mem:1024");
    allocator.setWeight("silver", 4);
    // Total is now 3 agents: gold 1/3, silver (1/3)/4 = 1/12, so silver is further from its share.
    assertThat(agentsByFramework(allocator.allocate())).isEqualTo(Map.of("s", List.of("a3")));
  }

  @Test
  void aMultiRoleFrameworkIsOfferedUnderEachOfItsRoles() {
    addAgent("a1", "cpus:1;mem:1024");
    addAgent("a2", "cpus:1;mem:1024");
    addAgent("a3", "cpus:1;mem:1024");
    allocator.addFramework(fw("F"), multiRole("a", "b"));
    allocator.addFramework(fw("G"), info("a"));

    // a1: roles a, b tie at 0 -> a; in a, F and G tie -> F.        role a = 1/3, F in a = 1/3
    // a2: role b (0 < 1/3) -> its only framework F.                role b = 1/3
    // a3: roles tie at 1/3 -> a; F in a 1/3, G 0 -> G.
    assertThat(offers(allocator.allocate()))
        .containsExactly(
            "F a1(a)[cpus:1; mem:1024]", "F a2(b)[cpus:1; mem:1024]", "G a3(a)[cpus:1; mem:1024]");
    assertThat(allocator.allocation(fw("F")))
        .containsExactly(
            Map.entry(agent("a1"), labelled("cpus:1;mem:1024", "a")),
            Map.entry(agent("a2"), labelled("cpus:1;mem:1024", "b")));

    // F stops wanting offers for b and hands a2 back: role b has nobody to offer to, so a2 goes
    // to role a, where F (1/3) and G (1/3) tie and F wins by id.
    allocator.suppressOffers(fw("F"), Set.of("b"));
    allocator.recoverResources(fw("F"), agent("a2"), labelled("cpus:1;mem:1024", "b"), noFilter());
    assertThat(offers(allocator.allocate())).containsExactly("F a2(a)[cpus:1; mem:1024]");
  }

  @Test
  void allocationsRecordedAtFailoverCountInDominantShares() {
    for (int i = 1; i <= 4; i++) {
      addAgent("a" + i, "cpus:4;mem:4096");
    }
    // A new leader learns frameworks from the registry (disconnected until they resubscribe) and
    // the tasks they run from the reregistering agents.
    allocator.addFramework(fw("F"), info("*"), false, Set.of());
    allocator.addFramework(fw("G"), info("*"), false, Set.of());
    allocator.recordAllocation(fw("F"), agent("a1"), res("cpus:4;mem:4096"));
    assertThat(allocator.allocate()).isEmpty();

    allocator.activateFramework(fw("F"));
    allocator.activateFramework(fw("G"));
    // F starts at 1/4 because of its running tasks.
    // a1: nothing available.   a2: G (0) -> 1/4.   a3: tie 1/4, by id -> F -> 1/2.   a4: G.
    assertThat(agentsByFramework(allocator.allocate()))
        .isEqualTo(Map.of("F", List.of("a3"), "G", List.of("a2", "a4")));
  }

  @Test
  void removingAFrameworkReturnsWhatItHeldToThePool() {
    addAgent("a1", "cpus:4;mem:4096");
    addAgent("a2", "cpus:4;mem:4096");
    allocator.addFramework(fw("F"), info("*"));
    allocator.allocate();
    allocator.recoverResources(fw("F"), agent("a1"), labelled("cpus:2;mem:2048", "*"), noFilter());
    allocator.allocate(); // F is offered a1's recovered half again

    allocator.removeFramework(fw("F"));
    assertThat(allocator.available(agent("a1"))).isEqualTo(res("cpus:4;mem:4096"));
    assertThat(allocator.roleShare("*")).isZero();

    allocator.addFramework(fw("G"), info("*"));
    assertThat(offers(allocator.allocate()))
        .containsExactly("G a1(*)[cpus:4; mem:4096]", "G a2(*)[cpus:4; mem:4096]");
  }

  @Test
  void removingAnAgentDropsItsResourcesFromEveryShare() {
    addAgent("a1", "cpus:4;mem:4096");
    addAgent("a2", "cpus:4;mem:4096");
    allocator.addFramework(fw("F"), info("*"));
    allocator.addFramework(fw("G"), info("*"));
    allocator.allocate(); // F a1, G a2

    allocator.removeAgent(agent("a1"));

    assertThat(allocator.allocation(fw("F"))).isEmpty();
    assertThat(allocator.frameworkShare(fw("F"), "*")).isZero();
    assertThat(allocator.frameworkShare(fw("G"), "*")).isEqualTo(1.0);
    // F is now the poorer framework: a new agent goes to it.
    addAgent("a3", "cpus:4;mem:4096");
    assertThat(agentsByFramework(allocator.allocate())).isEqualTo(Map.of("F", List.of("a3")));
  }
}
