package io.talus.master.allocator;

import static io.talus.master.allocator.Fixtures.agent;
import static io.talus.master.allocator.Fixtures.fw;
import static io.talus.master.allocator.Fixtures.info;
import static io.talus.master.allocator.Fixtures.labelled;
import static io.talus.master.allocator.Fixtures.multiRole;
import static io.talus.master.allocator.Fixtures.noFilter;
import static io.talus.master.allocator.Fixtures.refuse;
import static io.talus.master.allocator.Fixtures.res;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Misuse fails loudly, names the ids, and changes nothing. */
class AllocatorMisuseTest {

  private final FakeClock clock = new FakeClock();
  private final HierarchicalAllocator allocator = new HierarchicalAllocator(clock);

  @BeforeEach
  void oneAgentOfferedToOneFramework() {
    allocator.addAgent(agent("a1"), "a1", res("cpus:4;mem:4096"), List.of());
    allocator.addFramework(fw("F"), info("*"));
    allocator.allocate();
  }

  @Test
  void duplicateAddsAreRejected() {
    assertThatThrownBy(() -> allocator.addAgent(agent("a1"), "a1", res("cpus:1"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agent 'a1' is already added");
    assertThatThrownBy(() -> allocator.addFramework(fw("F"), info("*")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("framework 'F' is already added");
    assertThat(allocator.available(agent("a1")).isEmpty()).isTrue();
  }

  @Test
  void unknownIdsAreRejected() {
    assertThatThrownBy(() -> allocator.removeAgent(agent("nope")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown agent 'nope'");
    assertThatThrownBy(() -> allocator.activateAgent(agent("nope")))
        .hasMessage("unknown agent 'nope'");
    assertThatThrownBy(() -> allocator.updateAgentTotal(agent("nope"), res("cpus:1")))
        .hasMessage("unknown agent 'nope'");
    assertThatThrownBy(() -> allocator.removeFramework(fw("ghost")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown framework 'ghost'");
    assertThatThrownBy(() -> allocator.suppressOffers(fw("ghost"), Set.of()))
        .hasMessage("unknown framework 'ghost'");
    assertThatThrownBy(
            () -> allocator.recoverResources(fw("ghost"), agent("a1"), res("cpus:1"), noFilter()))
        .hasMessage("unknown framework 'ghost'");
    assertThatThrownBy(
            () -> allocator.recoverResources(fw("F"), agent("nope"), res("cpus:1"), noFilter()))
        .hasMessage("unknown agent 'nope'");
  }

  @Test
  void recoveringMoreThanWasAllocatedIsRejectedAndChangesNothing() {
    assertThatThrownBy(
            () ->
                allocator.recoverResources(
                    fw("F"), agent("a1"), labelled("cpus:5;mem:4096", "*"), refuse(60)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "cannot recover cpus:5; mem:4096 of framework 'F' on agent 'a1' in role '*':"
                + " it holds cpus:4; mem:4096 there");
    assertThatThrownBy(
            () ->
                allocator.recoverResources(
                    fw("F"), agent("a1"), labelled("cpus:1", "other"), noFilter()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("in role 'other': it holds nothing there");

    assertThat(allocator.allocation(fw("F")))
        .isEqualTo(Map.of(agent("a1"), labelled("cpus:4;mem:4096", "*")));
    assertThat(allocator.nanosUntilNextFilterExpiry()).isEmpty();
  }

  @Test
  void recordingMoreThanTheAgentHasLeftIsRejected() {
    allocator.addFramework(fw("G"), info("*"));
    assertThatThrownBy(() -> allocator.recordAllocation(fw("G"), agent("a1"), res("cpus:1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "cannot record cpus:1 used by framework 'G' on agent 'a1':"
                + " the agent has nothing unallocated");
  }

  @Test
  void aMultiRoleFrameworkMustSayWhichRoleResourcesComeBackFrom() {
    allocator.addFramework(fw("M"), multiRole("x", "y"));
    assertThatThrownBy(
            () -> allocator.recoverResources(fw("M"), agent("a1"), res("cpus:1"), noFilter()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "resource 'cpus' of framework 'M' has no allocation_info.role,"
                + " and the framework has several roles");
  }

  @Test
  void rolesMustBeSubscribedToBeSuppressedOrRevived() {
    assertThatThrownBy(() -> allocator.suppressOffers(fw("F"), Set.of("web")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("framework 'F' is not subscribed to role 'web' (its roles: [*])");
    assertThatThrownBy(() -> allocator.addFramework(fw("G"), info("a"), true, Set.of("b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("framework 'G' is not subscribed to role 'b' (its roles: [a])");
  }

  @Test
  void weightsMustBePositive() {
    for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> allocator.setWeight("r", bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("weight of role 'r' must be a positive number");
    }
  }
}
