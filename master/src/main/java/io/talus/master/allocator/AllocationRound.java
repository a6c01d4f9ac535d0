package io.talus.master.allocator;

import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The policy of one allocation round, for one agent at a time: walk the roles in DRF order and,
 * within each, its frameworks in DRF order; the first framework that can use what the agent has
 * for that role gets all of it (Mesos's coarse-grained offers), what it cannot use (revocable or
 * shared resources it is not capable of) goes on down the list, and the next role may still get
 * resources reserved for it.
 *
 * <p>Decisions for an agent are made against the sorters' order at the start of that agent; the
 * caller records them, which moves the chosen frameworks and roles back in the order, before
 * asking about the next agent. That is Mesos's order too, and it is what spreads a round's agents
 * across frameworks by share.
 *
 * <p>Cost per agent: the roles and frameworks walked before a taker is found, usually one of
 * each; frameworks that filtered the agent or cannot use GPUs add one step each.
 */
final class AllocationRound {

  record Decision(FrameworkState framework, String role, Resources resources) {}

  private final Sorters sorters;
  private final Map<String, FrameworkState> frameworks;
  private final OfferFilters filters;
  private final AllocatorOptions options;
  private final long now;

  AllocationRound(
      Sorters sorters,
      Map<String, FrameworkState> frameworks,
      OfferFilters filters,
      AllocatorOptions options,
      long now) {
    this.sorters = sorters;
    this.frameworks = frameworks;
    this.filters = filters;
    this.options = options;
    this.now = now;
  }

  /** Who gets what of the agent's available resources; empty if nobody can take them. */
  List<Decision> decide(AgentState agent) {
    Resources remaining = agent.available();
    if (!agent.active || remaining.isEmpty()) {
      return List.of();
    }
    List<Decision> decisions = new ArrayList<>(1);
    for (String role : sorters.roles()) {
      Resources forRole = RoleResources.allocatableTo(remaining, role);
      for (String frameworkKey : sorters.frameworks(role)) {
        if (forRole.isEmpty()) {
          break;
        }
        FrameworkState framework = frameworks.get(frameworkKey);
        if (options.filterGpuResources() && !framework.gpuCapable() && agent.hasGpus()) {
          continue;
        }
        Resources offer = RoleResources.usableBy(framework, forRole);
        if (!options.allocatable(offer)
            || filters.isFiltered(frameworkKey, role, agent.key, offer, now)) {
          continue;
        }
        decisions.add(new Decision(framework, role, offer));
        forRole = forRole.subtract(offer);
        remaining = remaining.subtract(offer);
      }
      if (remaining.isEmpty()) {
        break;
      }
    }
    return decisions;
  }
}
