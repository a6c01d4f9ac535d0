package io.talus.master.allocator;

import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.protocol.resources.Resources;
import java.util.Set;

/**
 * The allocator's checks on its caller, with messages that name the ids involved: a master bug
 * shows up as one clear exception rather than as quietly wrong shares later.
 */
final class Misuse {

  private Misuse() {}

  static IllegalArgumentException unknownAgent(String agent) {
    return new IllegalArgumentException("unknown agent '" + agent + "'");
  }

  static IllegalArgumentException unknownFramework(String framework) {
    return new IllegalArgumentException("unknown framework '" + framework + "'");
  }

  static IllegalArgumentException duplicate(String what, String id) {
    return new IllegalArgumentException(what + " '" + id + "' is already added");
  }

  static void requireSubscribed(
      FrameworkID frameworkId, Set<String> subscribed, Set<String> roles) {
    for (String role : roles) {
      if (!subscribed.contains(role)) {
        throw new IllegalArgumentException(
            "framework '"
                + frameworkId.getValue()
                + "' is not subscribed to role '"
                + role
                + "' (its roles: "
                + subscribed
                + ")");
      }
    }
  }

  static void requireWeight(String role, double weight) {
    if (role == null || role.isEmpty()) {
      throw new IllegalArgumentException("a weight needs a role, got '" + role + "'");
    }
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "weight of role '" + role + "' must be a positive number, got " + weight);
    }
  }

  /** Recording used resources must not allocate the same resources twice. */
  static void requireUnallocated(AgentState agent, String framework, Resources used) {
    if (!agent.available().contains(used)) {
      throw new IllegalStateException(
          "cannot record "
              + used
              + " used by framework '"
              + framework
              + "' on agent '"
              + agent.key
              + "': the agent has "
              + describe(agent.available())
              + " unallocated");
    }
  }

  /** Handing back what the framework does not hold would corrupt every share. */
  static void requireHeld(
      FrameworkState framework, AgentState agent, String role, Resources recovered) {
    Resources held = framework.allocation(agent.key, role);
    if (!held.contains(recovered)) {
      throw new IllegalStateException(
          "cannot recover "
              + recovered
              + " of framework '"
              + framework.key
              + "' on agent '"
              + agent.key
              + "' in role '"
              + role
              + "': it holds "
              + describe(held)
              + " there");
    }
  }

  private static String describe(Resources r) {
    return r.isEmpty() ? "nothing" : r.toString();
  }
}
