package io.talus.master.allocator;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.Attribute;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.Filters;
import io.talus.protocol.resources.Resources;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decides which framework is offered which agent's resources, and keeps the books on what is
 * offered or used, as Mesos's allocator interface does. The master tells it about agents,
 * frameworks and resources coming back; it answers {@link #allocate()} with the offers to make.
 *
 * <p>Resources the allocator hands out carry {@code allocation_info.role}; resources handed back
 * may carry it, and must when the framework has several roles. Misuse (an unknown or duplicate id,
 * handing back more than was handed out) throws {@link IllegalArgumentException} or {@link
 * IllegalStateException} naming the ids, and leaves the allocator unchanged.
 *
 * <p>How the master drives it, as a Mesos master does:
 *
 * <ul>
 *   <li>Offers: run {@link #allocate()} periodically, after events that free resources or make a
 *       framework eager, and when {@link #nanosUntilNextFilterExpiry()} says a filter ends; turn
 *       each batch into one OFFERS event.
 *   <li>DECLINE: {@code recoverResources} of the offer with the call's filters (the proto default
 *       of 5 s if it had none). ACCEPT: the launched tasks' resources stay allocated; recover the
 *       unused rest with ACCEPT's filters. Rescinds and {@code --offer_timeout} expiries: recover
 *       without a filter. A task's terminal update: recover its resources without a filter.
 *   <li>Failover: {@code addFramework(..., active=false, ...)} for every registered framework,
 *       {@code addAgent} and {@code recordAllocation} of its running tasks for each agent that
 *       reregisters, {@code activateFramework} as each resubscribes.
 * </ul>
 *
 * <p>Not thread-safe: one thread, the master's event loop, owns it.
 */
public interface Allocator {

  // ---- agents ----

  /** A registered (or reregistered) agent, active, with nothing allocated yet. */
  void addAgent(AgentID agentId, String hostname, Resources total, List<Attribute> attributes);

  /**
   * Forgets the agent and everything allocated on it. The master rescinds the agent's offers
   * itself and must not hand those resources back afterwards.
   */
  void removeAgent(AgentID agentId);

  /** Its resources are offered again (e.g. the agent came back from unreachable). */
  void activateAgent(AgentID agentId);

  /** Its resources stay allocated as they are, but nothing more is offered from it. */
  void deactivateAgent(AgentID agentId);

  /** A new total, e.g. after the agent reregistered with different resources. */
  void updateAgentTotal(AgentID agentId, Resources total);

  // ---- frameworks ----

  /**
   * A framework and its roles (FrameworkInfo.roles for a MULTI_ROLE framework, else role). At
   * failover the master adds every registered framework inactive, then activates each as it
   * resubscribes.
   *
   * @param suppressedRoles roles it is not to be offered for (SUBSCRIBE's suppressed_roles)
   */
  void addFramework(
      FrameworkID frameworkId, FrameworkInfo info, boolean active, Set<String> suppressedRoles);

  default void addFramework(FrameworkID frameworkId, FrameworkInfo info) {
    addFramework(frameworkId, info, true, Set.of());
  }

  /**
   * New FrameworkInfo (UPDATE_FRAMEWORK, or a resubscription that changes it). Resources held
   * under roles it leaves stay counted against those roles until handed back; its filters for
   * those roles are dropped.
   */
  void updateFramework(FrameworkID frameworkId, FrameworkInfo info, Set<String> suppressedRoles);

  /** Forgets the framework; everything it held returns to its agents, to be offered again. */
  void removeFramework(FrameworkID frameworkId);

  /** A (re)subscribed framework is offered resources again. */
  void activateFramework(FrameworkID frameworkId);

  /**
   * A disconnected framework is offered nothing; what it holds stays allocated. Drops its decline
   * filters, as Mesos does, so that a resubscribed framework starts with a clean slate.
   */
  void deactivateFramework(FrameworkID frameworkId);

  /** SUPPRESS: no offers for these roles (all of its roles if empty) until revived. */
  void suppressOffers(FrameworkID frameworkId, Set<String> roles);

  /** REVIVE: offers again for these roles (all if empty), and their decline filters dropped. */
  void reviveOffers(FrameworkID frameworkId, Set<String> roles);

  // ---- roles ----

  /** The role's DRF weight (default 1): a role of weight 2 is entitled to twice the share. */
  void setWeight(String role, double weight);

  // ---- allocation bookkeeping ----

  /**
   * Resources a framework already uses on an agent without the allocator having offered them:
   * tasks the registry says are running, at failover. Counted in DRF shares from now on.
   */
  void recordAllocation(FrameworkID frameworkId, AgentID agentId, Resources used);

  /**
   * Resources a framework holds on an agent come back to the pool: an offer declined, rescinded
   * or timed out, what an ACCEPT left unused, a task that ended. With {@code filters} (DECLINE,
   * ACCEPT's unused part) the framework is not offered them again under the same role for {@code
   * refuse_seconds} (default 5, at most 365 days, none when 0).
   */
  void recoverResources(
      FrameworkID frameworkId, AgentID agentId, Resources resources, Optional<Filters> filters);

  // ---- allocation ----

  /**
   * One allocation round: offers, batched per framework in framework id order, of the available
   * resources of agents whose situation changed since the last round. Everything offered counts as
   * allocated until handed back with {@link #recoverResources}.
   */
  List<OfferBatch> allocate();

  /**
   * Nanoseconds from now until the earliest decline filter expires, so that the event loop can
   * run a round then rather than wait for its periodic one; empty when there are no filters.
   */
  OptionalLong nanosUntilNextFilterExpiry();

  // ---- views, for the operator API, metrics and tests ----

  /** The agent's resources that are neither offered nor used. */
  Resources available(AgentID agentId);

  /** What the framework holds (offered or used), per agent, labelled with roles. */
  Map<AgentID, Resources> allocation(FrameworkID frameworkId);

  /** The role's weighted dominant share of the cluster. */
  double roleShare(String role);

  /** The framework's dominant share of the cluster within {@code role}. */
  double frameworkShare(FrameworkID frameworkId, String role);
}
