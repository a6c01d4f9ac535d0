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

import io.talus.mesos.v1.Protos.Filters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Decline filters, suppress and revive, and who is offered nothing at all. */
class OfferFilterTest {

  private static final String AGENT = "cpus:4;mem:4096";

  private final FakeClock clock = new FakeClock();
  private final HierarchicalAllocator allocator = new HierarchicalAllocator(clock);

  private void addAgent(String id, String resources) {
    allocator.addAgent(agent(id), id, res(resources), List.of());
  }

  /** Offers a1 whole to F and has F decline it with {@code filters}. */
  private void declineWith(Optional<Filters> filters) {
    assertThat(agentsByFramework(allocator.allocate())).isEqualTo(Map.of("F", List.of("a1")));
    allocator.recoverResources(fw("F"), agent("a1"), labelled(AGENT, "*"), filters);
  }

  @Test
  void aDeclinedAgentIsNotOfferedAgainUntilRefuseSecondsHavePassed() {
    addAgent("a1", AGENT);
    allocator.addFramework(fw("F"), info("*"));
    declineWith(refuse(10));

    assertThat(allocator.allocate()).isEmpty();
    assertThat(allocator.nanosUntilNextFilterExpiry()).hasValue(Duration.ofSeconds(10).toNanos());
    clock.advance(Duration.ofSeconds(10).minusNanos(1));
    assertThat(allocator.allocate()).isEmpty();
    assertThat(allocator.nanosUntilNextFilterExpiry()).hasValue(1);

    clock.advanceNanos(1);
    assertThat(offers(allocator.allocate())).containsExactly("F a1(*)[cpus:4; mem:4096]");
    assertThat(allocator.nanosUntilNextFilterExpiry()).isEqualTo(OptionalLong.empty());
  }

  @Test
  void refuseSecondsDefaultsToFiveAndNegativeMeansTheDefault() {
    addAgent("a1", AGENT);
    allocator.addFramework(fw("F"), info("*"));

    declineWith(Optional.of(Filters.getDefaultInstance()));
    assertThat(allocator.nanosUntilNextFilterExpiry()).hasValue(Duration.ofSeconds(5).toNanos());
    clock.advance(Duration.ofSeconds(5));

    declineWith(refuse(-1));
    assertThat(allocator.nanosUntilNextFilterExpiry()).hasValue(Duration.ofSeconds(5).toNanos());
    clock.advance(Duration.ofSeconds(5));

    declineWith(refuse(Double.NaN));
    assertThat(allocator.nanosUntilNextFilterExpiry()).hasValue(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void zeroRefuseSecondsOrNoFiltersInstallNoFilter() {
    addAgent("a1", AGENT);
    allocator.addFramework(fw("F"), info("*"));

    declineWith(refuse(0));
    assertThat(allocator.nanosUntilNextFilterExpiry()).isEmpty();
    declineWith(noFilter());
    assertThat(allocator.nanosUntilNextFilterExpiry()).isEmpty();
    assertThat(agentsByFramework(allocator.allocate())).isEqualTo(Map.of("F", List.of("a1")));
  }

  @Test
  void refuseSecondsAreCappedAt365Days() {
    addAgent("a1", AGENT);
    allocator.addFramework(fw("F"), info("*"));
    Duration year = Duration.ofDays(365);

    declineWith(refuse(10.0 * 365 * 24 * 3600));
    assertThat(allocator.nanosUntilNextFilterExpiry()).hasValue(year.toNanos());
    clock.advance(year.minusNanos(1));
    assertThat(allocator.allocate()).isEmpty();
    clock.advanceNanos(1);

    declineWith(refuse(Double.POSITIVE_INFINITY));
    assertThat(allocator.nanosUntilNextFilterExpiry()).hasValue(year.toNanos());
    clock.advance(year);
    assertThat(agentsByFramework(allocator.allocate())).isEqualTo(Map.of("F", List.of("a1")));
  }

  @Test
  void aFilterOnlyRefusesResourcesItContains() {
    addAgent("a1", AGENT);
    allocator.addFramework(fw("F"), info("*"));
    allocator.allocate();
    // F launches a <1 CPU, 1 GB> task and leaves the rest unused, refusing it for an hour.
    allocator.recoverResources(
        fw("F"), agent("a1"), labelled("cpus:3;mem:3072", "*"), refuse(3600));
    assertThat(allocator.allocate()).isEmpty();

    // The task finishes: the agent now has more than F refused, so F is asked again at once.
    allocator.recoverResources(fw("F"), agent("a1"), labelled("cpus:1;mem:1024", "*"), noFilter());
    assertThat(offers(allocator.allocate())).containsExactly("F a1(*)[cpus:4; mem:4096]");

    // Declined whole for an hour; then the agent grows, and the bigger offer passes the filter.
    allocator.recoverResources(fw("F"), agent("a1"), labelled(AGENT, "*"), refuse(3600));
    assertThat(allocator.allocate()).isEmpty();
    allocator.updateAgentTotal(agent("a1"), res("cpus:8;mem:4096"));
    assertThat(offers(allocator.allocate())).containsExactly("F a1(*)[cpus:8; mem:4096]");
  }

  @Test
  void aFilterOnlyConcernsTheFrameworkAndRoleThatDeclined() {
    addAgent("a1", AGENT);
    allocator.addFramework(fw("F"), multiRole("a", "b"));
    allocator.addFramework(fw("G"), info("c"));
    // Roles tie at 0 -> a (by name) -> F.
    assertThat(offers(allocator.allocate())).containsExactly("F a1(a)[cpus:4; mem:4096]");

    allocator.recoverResources(fw("F"), agent("a1"), labelled(AGENT, "a"), refuse(3600));
    // Roles a, b, c all at 0: a is first, but F refused a1 under a; then b -> F under b.
    assertThat(offers(allocator.allocate())).containsExactly("F a1(b)[cpus:4; mem:4096]");

    allocator.recoverResources(fw("F"), agent("a1"), labelled(AGENT, "b"), refuse(3600));
    assertThat(offers(allocator.allocate())).containsExactly("G a1(c)[cpus:4; mem:4096]");
  }

  @Test
  void suppressStopsOffersAndReviveResumesThemAndDropsFilters() {
    addAgent("a1", AGENT);
    addAgent("a2", AGENT);
    allocator.addFramework(fw("F"), info("*"));
    allocator.suppressOffers(fw("F"), Set.of());
    assertThat(allocator.allocate()).isEmpty();

    allocator.reviveOffers(fw("F"), Set.of());
    assertThat(agentsByFramework(allocator.allocate()))
        .isEqualTo(Map.of("F", List.of("a1", "a2")));

    // Refused for an hour, then revived: offered again without the clock moving.
    allocator.recoverResources(fw("F"), agent("a1"), labelled(AGENT, "*"), refuse(3600));
    assertThat(allocator.allocate()).isEmpty();
    allocator.reviveOffers(fw("F"), Set.of("*"));
    assertThat(allocator.nanosUntilNextFilterExpiry()).isEmpty();
    assertThat(agentsByFramework(allocator.allocate())).isEqualTo(Map.of("F", List.of("a1")));
  }

  @Test
  void aSuppressedFrameworkStillCountsAndOthersGetTheOffers() {
    addAgent("a1", AGENT);
    addAgent("a2", AGENT);
    allocator.addFramework(fw("F"), info("*"));
    allocator.addFramework(fw("G"), info("*"));
    allocator.suppressOffers(fw("G"), Set.of("*"));

    assertThat(agentsByFramework(allocator.allocate()))
        .isEqualTo(Map.of("F", List.of("a1", "a2")));
  }

  @Test
  void aDeactivatedFrameworkIsOfferedNothingAndLosesItsFilters() {
    addAgent("a1", AGENT);
    allocator.addFramework(fw("F"), info("*"));
    declineWith(refuse(3600));

    allocator.deactivateFramework(fw("F"));
    assertThat(allocator.nanosUntilNextFilterExpiry()).isEmpty();
    assertThat(allocator.allocate()).isEmpty();

    allocator.activateFramework(fw("F"));
    assertThat(agentsByFramework(allocator.allocate())).isEqualTo(Map.of("F", List.of("a1")));
  }

  @Test
  void aFrameworkAddedInactiveIsOfferedNothingUntilActivated() {
    addAgent("a1", AGENT);
    allocator.addFramework(fw("F"), info("*"), false, Set.of());
    assertThat(allocator.allocate()).isEmpty();
    allocator.activateFramework(fw("F"));
    assertThat(agentsByFramework(allocator.allocate())).isEqualTo(Map.of("F", List.of("a1")));
  }

  @Test
  void aDeactivatedAgentGivesNothingUntilActivated() {
    addAgent("a1", AGENT);
    addAgent("a2", AGENT);
    allocator.deactivateAgent(agent("a2"));
    allocator.addFramework(fw("F"), info("*"));

    assertThat(agentsByFramework(allocator.allocate())).isEqualTo(Map.of("F", List.of("a1")));
    assertThat(allocator.allocate()).isEmpty();

    allocator.activateAgent(agent("a2"));
    assertThat(agentsByFramework(allocator.allocate())).isEqualTo(Map.of("F", List.of("a2")));
  }

  @Test
  void removingAnAgentDropsItsFilters() {
    addAgent("a1", AGENT);
    allocator.addFramework(fw("F"), info("*"));
    declineWith(refuse(3600));
    allocator.removeAgent(agent("a1"));
    assertThat(allocator.nanosUntilNextFilterExpiry()).isEmpty();

    // The same agent reregistering is a fresh agent to the allocator.
    addAgent("a1", AGENT);
    assertThat(agentsByFramework(allocator.allocate())).isEqualTo(Map.of("F", List.of("a1")));
  }
}
