package io.talus.master.allocator;

import static io.talus.master.allocator.Fixtures.agent;
import static io.talus.master.allocator.Fixtures.agentsByFramework;
import static io.talus.master.allocator.Fixtures.fw;
import static io.talus.master.allocator.Fixtures.info;
import static io.talus.master.allocator.Fixtures.labelled;
import static io.talus.master.allocator.Fixtures.multiRole;
import static io.talus.master.allocator.Fixtures.noFilter;
import static io.talus.master.allocator.Fixtures.offers;
import static io.talus.master.allocator.Fixtures.res;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.mesos.v1.Protos.FrameworkInfo.Capability;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.protocol.resources.Resources;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Incremental rounds; who may be offered what (reservations, capabilities); role changes. */
class AllocationBookkeepingTest {

  private final FakeClock clock = new FakeClock();
  private final HierarchicalAllocator allocator = new HierarchicalAllocator(clock);

  private void addAgent(String id, Resources resources) {
    allocator.addAgent(agent(id), id, resources, List.of());
  }

  @Test
  void roundsOnlyOfferWhatIsNotAlreadyOfferedOrUsed() {
    addAgent("a1", res("cpus:4;mem:4096"));
    addAgent("a2", res("cpus:4;mem:4096"));
    allocator.addFramework(fw("F"), info("*"));
    assertThat(agentsByFramework(allocator.allocate()))
        .isEqualTo(Map.of("F", List.of("a1", "a2")));

    // Nothing changed: nothing to offer, and no agent even looked at.
    assertThat(allocator.allocate()).isEmpty();
    assertThat(allocator.lastRoundCandidates()).isZero();
    // A new framework could take whatever is left; there is nothing left.
    allocator.addFramework(fw("G"), info("*"));
    assertThat(allocator.allocate()).isEmpty();

    // Part of an offer is rescinded (no filter): exactly that part is offered, to G (share 0).
    allocator.recoverResources(fw("F"), agent("a2"), labelled("cpus:1;mem:512", "*"), noFilter());
    assertThat(offers(allocator.allocate())).containsExactly("G a2(*)[cpus:1; mem:512]");
    assertThat(allocator.lastRoundCandidates()).isEqualTo(1);
    assertThat(allocator.allocate()).isEmpty();

    // A new agent is the only thing the next round looks at.
    addAgent("a3", res("cpus:4;mem:4096"));
    assertThat(offers(allocator.allocate())).containsExactly("G a3(*)[cpus:4; mem:4096]");
    assertThat(allocator.lastRoundCandidates()).isEqualTo(1);
  }

  @Test
  void aFrameworkBecomingEagerRevisitsOnlyAgentsWithSomethingLeft() {
    addAgent("a1", res("cpus:4;mem:4096"));
    addAgent("gpu1", res("cpus:4;mem:4096;gpus:1"));
    allocator.addFramework(fw("F"), info("*"));
    assertThat(offers(allocator.allocate())).containsExactly("F a1(*)[cpus:4; mem:4096]");

    // Nobody could take the GPU agent; a GPU framework arrives and only that agent is revisited.
    allocator.addFramework(fw("ml"), info("*", Capability.Type.GPU_RESOURCES));
    assertThat(offers(allocator.allocate()))
        .containsExactly("ml gpu1(*)[cpus:4; mem:4096; gpus:1]");
    assertThat(allocator.lastRoundCandidates()).isEqualTo(1);
  }

  @Test
  void resourcesReservedForARoleAreOfferedOnlyToThatRole() {
    addAgent("a1", res("cpus:2;mem:1024;cpus(db):4;mem(db):2048"));
    allocator.addFramework(fw("web"), info("web"));
    assertThat(offers(allocator.allocate())).containsExactly("web a1(web)[cpus:2; mem:1024]");
    assertThat(allocator.available(agent("a1"))).isEqualTo(res("cpus(db):4;mem(db):2048"));

    // A framework of the role arrives: the reserved part is now wanted.
    allocator.addFramework(fw("pg"), info("db"));
    assertThat(offers(allocator.allocate())).containsExactly("pg a1(db)[cpus(db):4; mem(db):2048]");

    // Reservations for a role also serve its sub-roles, as in Mesos.
    allocator.removeFramework(fw("pg"));
    allocator.addFramework(fw("pg2"), info("db/replica"));
    assertThat(offers(allocator.allocate()))
        .containsExactly("pg2 a1(db/replica)[cpus(db):4; mem(db):2048]");
  }

  @Test
  void gpuAgentsAreOfferedOnlyToGpuCapableFrameworks() {
    addAgent("gpu1", res("cpus:4;mem:4096;gpus:1"));
    allocator.addFramework(fw("cpu-only"), info("*"));
    assertThat(allocator.allocate()).isEmpty();

    allocator.addFramework(fw("ml"), info("*", Capability.Type.GPU_RESOURCES));
    assertThat(agentsByFramework(allocator.allocate()))
        .isEqualTo(Map.of("ml", List.of("gpu1")));
  }

  @Test
  void gpuFilteringCanBeTurnedOff() {
    HierarchicalAllocator permissive =
        new HierarchicalAllocator(clock, AllocatorOptions.defaults().withFilterGpuResources(false));
    permissive.addAgent(agent("gpu1"), "gpu1", res("cpus:4;mem:4096;gpus:1"), List.of());
    permissive.addFramework(fw("cpu-only"), info("*"));
    assertThat(agentsByFramework(permissive.allocate()))
        .isEqualTo(Map.of("cpu-only", List.of("gpu1")));
  }

  @Test
  void revocableResourcesGoOnlyToFrameworksThatCanUseThem() {
    Resource revocableCpus =
        res("cpus:2").toList().get(0).toBuilder()
            .setRevocable(Resource.RevocableInfo.getDefaultInstance())
            .build();
    addAgent("a1", res("cpus:4;mem:4096").add(revocableCpus));
    allocator.addFramework(fw("A"), info("*"));
    allocator.addFramework(fw("B"), info("*", Capability.Type.REVOCABLE_RESOURCES));

    // A is first (tie, by id) and takes what it can use; the revocable CPUs go on to B.
    assertThat(offers(allocator.allocate()))
        .containsExactly("A a1(*)[cpus:4; mem:4096]", "B a1(*)[cpus{REV}:2]");
  }

  @Test
  void crumbsBelowTheMinimumAllocatableAreNotOffered() {
    addAgent("a1", res("cpus:0.005;mem:16;ports:[1-10]"));
    allocator.addFramework(fw("F"), info("*"));
    assertThat(allocator.allocate()).isEmpty();

    HierarchicalAllocator anything =
        new HierarchicalAllocator(clock, AllocatorOptions.defaults().withMinAllocatable(""));
    anything.addAgent(agent("a1"), "a1", res("cpus:0.005;mem:16;ports:[1-10]"), List.of());
    anything.addFramework(fw("F"), info("*"));
    assertThat(agentsByFramework(anything.allocate())).isEqualTo(Map.of("F", List.of("a1")));
  }

  @Test
  void resourcesHeldUnderALeftRoleCountForItUntilHandedBack() {
    addAgent("a1", res("cpus:4;mem:4096"));
    addAgent("a2", res("cpus:4;mem:4096"));
    allocator.addFramework(fw("F"), info("old"));
    allocator.allocate(); // F holds both agents under "old"
    allocator.recoverResources(
        fw("F"), agent("a2"), labelled("cpus:4;mem:4096", "old"), noFilter());

    allocator.updateFramework(fw("F"), info("new"), Set.of());
    assertThat(offers(allocator.allocate())).containsExactly("F a2(new)[cpus:4; mem:4096]");
    assertThat(allocator.roleShare("old")).isEqualTo(0.5);
    assertThat(allocator.roleShare("new")).isEqualTo(0.5);

    // Unlabelled resources now mean the framework's current role, so a1 is handed back labelled.
    allocator.recoverResources(
        fw("F"), agent("a1"), labelled("cpus:4;mem:4096", "old"), noFilter());
    assertThat(allocator.roleShare("old")).isZero();
    assertThat(offers(allocator.allocate())).containsExactly("F a1(new)[cpus:4; mem:4096]");
  }

  @Test
  void aMultiRoleFrameworkMayHandBackResourcesOfSeveralRolesAtOnce() {
    addAgent("a1", res("cpus:2;mem:2048;cpus(x):2"));
    allocator.addFramework(fw("F"), multiRole("x", "y"));
    // Role x first (tie, by name) and it may use the reservation too.
    assertThat(offers(allocator.allocate()))
        .containsExactly("F a1(x)[cpus:2; mem:2048; cpus(x):2]");

    allocator.recoverResources(fw("F"), agent("a1"), labelled("cpus:1;mem:1024", "x"), noFilter());
    allocator.suppressOffers(fw("F"), Set.of("x"));
    assertThat(offers(allocator.allocate())).containsExactly("F a1(y)[cpus:1; mem:1024]");
    allocator.recoverResources(
        fw("F"),
        agent("a1"),
        labelled("cpus:1;mem:1024", "x").add(labelled("cpus:1;mem:1024", "y")),
        noFilter());
    assertThat(allocator.allocation(fw("F")))
        .containsExactly(Map.entry(agent("a1"), labelled("cpus(x):2", "x")));
  }
}
