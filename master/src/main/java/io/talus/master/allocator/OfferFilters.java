package io.talus.master.allocator;

import io.talus.mesos.v1.Protos.Filters;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Decline filters, Mesos's {@code RefusedOfferFilter}s: after a framework declines resources of an
 * agent under a role (or leaves them unused in an ACCEPT) with {@code refuse_seconds}, the
 * allocator does not offer that framework, under that role, anything from that agent that the
 * declined resources contain, until the filter expires. An offer that holds more than was declined
 * (the agent grew, a task finished) is not filtered: the framework may want it now.
 *
 * <p>Times are nanoseconds on the allocator's clock, measured from its creation, so deadlines
 * compare without overflow. Filters are indexed by framework, role and agent for the per-offer
 * check, and by deadline so that a round finds the expired ones without scanning.
 */
final class OfferFilters {

  static final long DEFAULT_REFUSE_NANOS = TimeUnit.SECONDS.toNanos(5);
  static final long MAX_REFUSE_NANOS = TimeUnit.DAYS.toNanos(365);

  private static final Comparator<Filter> BY_DEADLINE =
      Comparator.<Filter>comparingLong(f -> f.expiresAt).thenComparingLong(f -> f.sequence);

  /** framework → role → agent → filters. */
  private final Map<String, Map<String, Map<String, List<Filter>>>> byFramework = new HashMap<>();

  private final NavigableSet<Filter> byDeadline = new TreeSet<>(BY_DEADLINE);
  private long nextSequence;

  /**
   * How long {@code filters} refuse, as Mesos reads {@code refuse_seconds}: the 5 s default when
   * unset, negative or not a number, at most 365 days, and 0 (no filter) when under a nanosecond.
   */
  static long refuseNanos(Filters filters) {
    double seconds = filters.getRefuseSeconds();
    if (Double.isNaN(seconds) || seconds < 0) {
      return DEFAULT_REFUSE_NANOS;
    }
    if (seconds >= MAX_REFUSE_NANOS / 1e9) {
      return MAX_REFUSE_NANOS;
    }
    return (long) (seconds * 1e9);
  }

  void add(String framework, String role, String agent, Resources refused, long expiresAt) {
    Filter f = new Filter(framework, role, agent, refused, expiresAt, nextSequence++);
    byFramework
        .computeIfAbsent(framework, k -> new HashMap<>())
        .computeIfAbsent(role, k -> new HashMap<>())
        .computeIfAbsent(agent, k -> new ArrayList<>(1))
        .add(f);
    byDeadline.add(f);
  }

  /** Whether a live filter refuses offering {@code candidate} to the framework under the role. */
  boolean isFiltered(String framework, String role, String agent, Resources candidate, long now) {
    Map<String, Map<String, List<Filter>>> roles = byFramework.get(framework);
    if (roles == null) {
      return false;
    }
    Map<String, List<Filter>> agents = roles.get(role);
    List<Filter> filters = agents == null ? null : agents.get(agent);
    if (filters == null) {
      return false;
    }
    for (Filter f : filters) {
      if (f.expiresAt > now && f.refused.contains(candidate)) {
        return true;
      }
    }
    return false;
  }

  /** Drops the filters whose deadline has come; returns the agents they were on. */
  Set<String> expire(long now) {
    Set<String> agents = new HashSet<>();
    while (!byDeadline.isEmpty() && byDeadline.first().expiresAt <= now) {
      Filter f = byDeadline.pollFirst();
      unindex(f);
      agents.add(f.agent);
    }
    return agents;
  }

  /** The earliest deadline of a live filter, on the allocator's clock. */
  OptionalLong nextDeadline() {
    return byDeadline.isEmpty()
        ? OptionalLong.empty()
        : OptionalLong.of(byDeadline.first().expiresAt);
  }

  void removeFramework(String framework) {
    Map<String, Map<String, List<Filter>>> roles = byFramework.remove(framework);
    if (roles != null) {
      roles.values().forEach(agents -> agents.values().forEach(this::forgetDeadlines));
    }
  }

  void removeFrameworkRole(String framework, String role) {
    Map<String, Map<String, List<Filter>>> roles = byFramework.get(framework);
    if (roles == null) {
      return;
    }
    Map<String, List<Filter>> agents = roles.remove(role);
    if (agents != null) {
      agents.values().forEach(this::forgetDeadlines);
    }
    if (roles.isEmpty()) {
      byFramework.remove(framework);
    }
  }

  /** O(frameworks × roles): agents leave rarely, and the per-offer check wants framework first. */
  void removeAgent(String agent) {
    List<Filter> doomed = new ArrayList<>();
    for (Map<String, Map<String, List<Filter>>> roles : byFramework.values()) {
      for (Map<String, List<Filter>> agents : roles.values()) {
        List<Filter> filters = agents.get(agent);
        if (filters != null) {
          doomed.addAll(filters);
        }
      }
    }
    for (Filter f : doomed) {
      byDeadline.remove(f);
      unindex(f);
    }
  }

  int size() {
    return byDeadline.size();
  }

  private void forgetDeadlines(List<Filter> filters) {
    for (Filter f : filters) {
      byDeadline.remove(f);
    }
  }

  private void unindex(Filter f) {
    Map<String, Map<String, List<Filter>>> roles = byFramework.get(f.framework);
    Map<String, List<Filter>> agents = roles.get(f.role);
    List<Filter> filters = agents.get(f.agent);
    filters.remove(f);
    if (filters.isEmpty()) {
      agents.remove(f.agent);
      if (agents.isEmpty()) {
        roles.remove(f.role);
        if (roles.isEmpty()) {
          byFramework.remove(f.framework);
        }
      }
    }
  }

  private static final class Filter {
    final String framework;
    final String role;
    final String agent;
    final Resources refused;
    final long expiresAt;
    final long sequence;

    Filter(
        String framework,
        String role,
        String agent,
        Resources refused,
        long expiresAt,
        long sequence) {
      this.framework = framework;
      this.role = role;
      this.agent = agent;
      this.refused = refused;
      this.expiresAt = expiresAt;
      this.sequence = sequence;
    }
  }
}
