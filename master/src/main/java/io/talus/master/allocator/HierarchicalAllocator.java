package io.talus.master.allocator;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.Attribute;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.Filters;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Mesos's hierarchical DRF allocator, simplified (no quota, no hierarchical role shares, no
 * inverse offers), pure and deterministic. See {@link AllocationRound} for who gets an agent.
 *
 * <p><b>Incremental rounds.</b> A round only visits allocation candidates: agents added, grown,
 * reactivated or handed resources back since the last round, and agents whose decline filter
 * expired. When a framework becomes able to take offers it did not before (added, activated,
 * revived, updated), every agent with anything available becomes a candidate, since those are
 * exactly the resources nobody could take before. A round with C candidates costs O(C log C) to
 * order them plus, per candidate, the roles and frameworks walked (usually one each) and O(log F +
 * log R) to re-sort the one framework and role that got it; a change of the cluster total (agents
 * added or removed) adds one O((F + R) log(F + R)) re-sort of shares. Nothing is quadratic in the
 * number of agents or frameworks, and a round with no candidates costs O(1).
 *
 * <p>Validation comes before any change, so a call that throws leaves the allocator as it was.
 */
public final class HierarchicalAllocator implements Allocator {

  private final NanoClock clock;
  private final long origin;
  private final AllocatorOptions options;
  private final ScalarQuantities clusterTotal = new ScalarQuantities();
  private final Sorters sorters = new Sorters(clusterTotal);
  private final OfferFilters filters = new OfferFilters();
  private final Map<String, AgentState> agents = new HashMap<>();
  private final Map<String, FrameworkState> frameworks = new HashMap<>();

  /** Agents the next round visits, in id order so that rounds are deterministic. */
  private final NavigableSet<String> candidates = new TreeSet<>();

  /** Agents with anything neither offered nor used, the ones a newly eager framework could get. */
  private final Set<String> withAvailable = new HashSet<>();

  private boolean revisitAvailable;
  private int lastRoundCandidates;

  public HierarchicalAllocator(NanoClock clock) {
    this(clock, AllocatorOptions.defaults());
  }

  public HierarchicalAllocator(NanoClock clock, AllocatorOptions options) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.options = Objects.requireNonNull(options, "options");
    this.origin = clock.nanoTime();
  }

  // ---- agents ----

  @Override
  public void addAgent(
      AgentID agentId, String hostname, Resources total, List<Attribute> attributes) {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(total, "total");
    if (agents.containsKey(agentId.getValue())) {
      throw Misuse.duplicate("agent", agentId.getValue());
    }
    AgentState agent = new AgentState(agentId, hostname, total, attributes);
    agents.put(agent.key, agent);
    clusterTotal.add(total);
    noteAvailable(agent);
    candidates.add(agent.key);
  }

  @Override
  public void removeAgent(AgentID agentId) {
    AgentState agent = agent(agentId);
    for (String frameworkKey : new TreeSet<>(agent.frameworks)) {
      FrameworkState framework = frameworks.get(frameworkKey);
      Map<String, Resources> held = new TreeMap<>(framework.allocations.get(agent.key));
      held.forEach((role, resources) -> unallocate(framework, agent, role, resources));
    }
    clusterTotal.subtract(agent.total());
    filters.removeAgent(agent.key);
    candidates.remove(agent.key);
    withAvailable.remove(agent.key);
    agents.remove(agent.key);
  }

  @Override
  public void activateAgent(AgentID agentId) {
    AgentState agent = agent(agentId);
    agent.active = true;
    candidates.add(agent.key);
  }

  @Override
  public void deactivateAgent(AgentID agentId) {
    agent(agentId).active = false;
  }

  @Override
  public void updateAgentTotal(AgentID agentId, Resources total) {
    Objects.requireNonNull(total, "total");
    AgentState agent = agent(agentId);
    clusterTotal.subtract(agent.total());
    clusterTotal.add(total);
    agent.setTotal(total);
    noteAvailable(agent);
    candidates.add(agent.key);
  }

  // ---- frameworks ----

  @Override
  public void addFramework(
      FrameworkID frameworkId, FrameworkInfo info, boolean active, Set<String> suppressedRoles) {
    if (frameworks.containsKey(frameworkId.getValue())) {
      throw Misuse.duplicate("framework", frameworkId.getValue());
    }
    Misuse.requireSubscribed(frameworkId, FrameworkState.rolesOf(info), suppressedRoles);
    FrameworkState framework = new FrameworkState(frameworkId, info);
    framework.active = active;
    framework.suppressedRoles.addAll(suppressedRoles);
    frameworks.put(framework.key, framework);
    for (String role : framework.roles()) {
      framework.trackedRoles.add(role);
      sorters.track(framework, role);
    }
    revisitAvailable |= active;
  }

  @Override
  public void updateFramework(
      FrameworkID frameworkId, FrameworkInfo info, Set<String> suppressedRoles) {
    FrameworkState framework = framework(frameworkId);
    Misuse.requireSubscribed(frameworkId, FrameworkState.rolesOf(info), suppressedRoles);
    Set<String> before = new TreeSet<>(framework.roles());
    framework.update(info);
    framework.suppressedRoles.clear();
    framework.suppressedRoles.addAll(suppressedRoles);
    for (String role : before) {
      if (!framework.roles().contains(role)) {
        filters.removeFrameworkRole(framework.key, role);
        untrackIfDone(framework, role);
      }
    }
    for (String role : framework.roles()) {
      if (framework.trackedRoles.add(role)) {
        sorters.track(framework, role);
      }
    }
    refreshAll(framework);
    revisitAvailable |= framework.active;
  }

  @Override
  public void removeFramework(FrameworkID frameworkId) {
    FrameworkState framework = framework(frameworkId);
    for (String agentKey : new TreeSet<>(framework.allocations.keySet())) {
      AgentState agent = agents.get(agentKey);
      Map<String, Resources> held = new TreeMap<>(framework.allocations.get(agentKey));
      held.forEach((role, resources) -> unallocate(framework, agent, role, resources));
    }
    for (String role : framework.trackedRoles) {
      sorters.untrack(framework, role);
    }
    filters.removeFramework(framework.key);
    frameworks.remove(framework.key);
  }

  @Override
  public void activateFramework(FrameworkID frameworkId) {
    FrameworkState framework = framework(frameworkId);
    framework.active = true;
    refreshAll(framework);
    revisitAvailable = true;
  }

  @Override
  public void deactivateFramework(FrameworkID frameworkId) {
    FrameworkState framework = framework(frameworkId);
    framework.active = false;
    refreshAll(framework);
    filters.removeFramework(framework.key);
  }

  @Override
  public void suppressOffers(FrameworkID frameworkId, Set<String> roles) {
    FrameworkState framework = framework(frameworkId);
    Set<String> which = rolesOrAll(framework, roles);
    framework.suppressedRoles.addAll(which);
    which.forEach(role -> sorters.refresh(framework, role));
  }

  @Override
  public void reviveOffers(FrameworkID frameworkId, Set<String> roles) {
    FrameworkState framework = framework(frameworkId);
    Set<String> which = rolesOrAll(framework, roles);
    framework.suppressedRoles.removeAll(which);
    for (String role : which) {
      filters.removeFrameworkRole(framework.key, role);
      sorters.refresh(framework, role);
    }
    revisitAvailable = true;
  }

  // ---- roles ----

  @Override
  public void setWeight(String role, double weight) {
    Misuse.requireWeight(role, weight);
    sorters.setWeight(role, weight);
  }

  // ---- allocation bookkeeping ----

  @Override
  public void recordAllocation(FrameworkID frameworkId, AgentID agentId, Resources used) {
    FrameworkState framework = framework(frameworkId);
    AgentState agent = agent(agentId);
    Map<String, Resources> byRole = RoleResources.byRole(used, framework.soleRole(), framework.key);
    Resources all = Resources.empty();
    for (Resources r : byRole.values()) {
      all = all.add(r);
    }
    Misuse.requireUnallocated(agent, framework.key, all);
    byRole.forEach((role, resources) -> allocate(framework, agent, role, resources));
  }

  @Override
  public void recoverResources(
      FrameworkID frameworkId, AgentID agentId, Resources resources, Optional<Filters> refusal) {
    FrameworkState framework = framework(frameworkId);
    AgentState agent = agent(agentId);
    Map<String, Resources> byRole =
        RoleResources.byRole(resources, framework.soleRole(), framework.key);
    byRole.forEach((role, r) -> Misuse.requireHeld(framework, agent, role, r));
    long refuseNanos = refusal.map(OfferFilters::refuseNanos).orElse(0L);
    long now = now();
    byRole.forEach(
        (role, r) -> {
          unallocate(framework, agent, role, r);
          if (refuseNanos > 0) {
            filters.add(framework.key, role, agent.key, r, now + refuseNanos);
          }
        });
    candidates.add(agent.key);
  }

  // ---- allocation ----

  @Override
  public List<OfferBatch> allocate() {
    long now = now();
    candidates.addAll(filters.expire(now));
    if (revisitAvailable) {
      candidates.addAll(withAvailable);
      revisitAvailable = false;
    }
    lastRoundCandidates = candidates.size();
    if (candidates.isEmpty()) {
      return List.of();
    }
    AllocationRound round = new AllocationRound(sorters, frameworks, filters, options, now);
    Map<String, List<OfferedResources>> offers = new TreeMap<>();
    for (String agentKey : candidates) {
      AgentState agent = agents.get(agentKey);
      if (agent == null) {
        continue;
      }
      for (AllocationRound.Decision d : round.decide(agent)) {
        allocate(d.framework(), agent, d.role(), d.resources());
        offers
            .computeIfAbsent(d.framework().key, k -> new ArrayList<>())
            .add(
                new OfferedResources(
                    agent.id,
                    agent.hostname,
                    agent.attributes,
                    d.role(),
                    RoleResources.allocate(d.resources(), d.role())));
      }
    }
    candidates.clear();
    List<OfferBatch> batches = new ArrayList<>(offers.size());
    offers.forEach((key, list) -> batches.add(new OfferBatch(frameworks.get(key).id, list)));
    return batches;
  }

  @Override
  public OptionalLong nanosUntilNextFilterExpiry() {
    OptionalLong deadline = filters.nextDeadline();
    return deadline.isEmpty()
        ? deadline
        : OptionalLong.of(Math.max(0, deadline.getAsLong() - now()));
  }

  // ---- views ----

  @Override
  public Resources available(AgentID agentId) {
    return agent(agentId).available();
  }

  @Override
  public Map<AgentID, Resources> allocation(FrameworkID frameworkId) {
    FrameworkState framework = framework(frameworkId);
    Map<AgentID, Resources> out = new LinkedHashMap<>();
    for (String agentKey : new TreeSet<>(framework.allocations.keySet())) {
      Resources labelled = Resources.empty();
      for (Map.Entry<String, Resources> e : framework.allocations.get(agentKey).entrySet()) {
        labelled = labelled.add(RoleResources.allocate(e.getValue(), e.getKey()));
      }
      out.put(agents.get(agentKey).id, labelled);
    }
    return out;
  }

  @Override
  public double roleShare(String role) {
    return sorters.roleShare(role);
  }

  @Override
  public double frameworkShare(FrameworkID frameworkId, String role) {
    return sorters.frameworkShare(framework(frameworkId).key, role);
  }

  /** How many agents the last round visited: what incremental allocation keeps small. */
  int lastRoundCandidates() {
    return lastRoundCandidates;
  }

  // ---- internals ----

  private void allocate(FrameworkState framework, AgentState agent, String role, Resources r) {
    if (framework.trackedRoles.add(role)) {
      // Used under a role it has left (tasks outlive a role change): still the role's usage.
      sorters.track(framework, role);
    }
    framework
        .allocations
        .computeIfAbsent(agent.key, k -> new HashMap<>())
        .merge(role, r, Resources::add);
    agent.frameworks.add(framework.key);
    agent.allocate(r);
    sorters.allocated(framework.key, role, r);
    noteAvailable(agent);
  }

  private void unallocate(FrameworkState framework, AgentState agent, String role, Resources r) {
    Map<String, Resources> byRole = framework.allocations.get(agent.key);
    Resources left = byRole.get(role).subtract(r);
    if (left.isEmpty()) {
      byRole.remove(role);
    } else {
      byRole.put(role, left);
    }
    if (byRole.isEmpty()) {
      framework.allocations.remove(agent.key);
      agent.frameworks.remove(framework.key);
    }
    agent.unallocate(r);
    sorters.unallocated(framework.key, role, r);
    noteAvailable(agent);
    candidates.add(agent.key);
    untrackIfDone(framework, role);
  }

  /** A role the framework left keeps its sorter place only while it still holds something there. */
  private void untrackIfDone(FrameworkState framework, String role) {
    if (!framework.roles().contains(role)
        && framework.trackedRoles.contains(role)
        && !framework.holdsAnythingIn(role)) {
      framework.trackedRoles.remove(role);
      sorters.untrack(framework, role);
    }
  }

  private void refreshAll(FrameworkState framework) {
    framework.trackedRoles.forEach(role -> sorters.refresh(framework, role));
  }

  private void noteAvailable(AgentState agent) {
    if (agent.available().isEmpty()) {
      withAvailable.remove(agent.key);
    } else {
      withAvailable.add(agent.key);
    }
  }

  private long now() {
    return clock.nanoTime() - origin;
  }

  private AgentState agent(AgentID agentId) {
    AgentState agent = agents.get(agentId.getValue());
    if (agent == null) {
      throw Misuse.unknownAgent(agentId.getValue());
    }
    return agent;
  }

  private FrameworkState framework(FrameworkID frameworkId) {
    FrameworkState framework = frameworks.get(frameworkId.getValue());
    if (framework == null) {
      throw Misuse.unknownFramework(frameworkId.getValue());
    }
    return framework;
  }

  private static Set<String> rolesOrAll(FrameworkState framework, Set<String> roles) {
    if (roles.isEmpty()) {
      return new TreeSet<>(framework.roles());
    }
    Misuse.requireSubscribed(framework.id, framework.roles(), roles);
    return new TreeSet<>(roles);
  }
}
