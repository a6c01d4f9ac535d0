package io.talus.master.allocator;

import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo.Capability;
import io.talus.protocol.resources.Resources;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The allocator's view of one framework: its roles, whether it wants offers, what it holds. */
final class FrameworkState {

  final FrameworkID id;
  final String key;

  /** The roles it subscribed to, as Mesos reads them from its FrameworkInfo. */
  private Set<String> roles;

  // Read for every agent a round considers it for, hence cached rather than looked up each time.
  private boolean revocableCapable;
  private boolean sharedCapable;
  private boolean gpuCapable;

  final Set<String> suppressedRoles = new TreeSet<>();
  boolean active;

  /** agent → role → resources offered to it or used by its tasks, unlabelled. */
  final Map<String, Map<String, Resources>> allocations = new HashMap<>();

  /**
   * The roles it has a place in a role's sorter for: its subscribed roles, plus roles it left while
   * still holding resources under them, which go on counting towards that role until recovered.
   */
  final Set<String> trackedRoles = new TreeSet<>();

  FrameworkState(FrameworkID id, FrameworkInfo info) {
    this.id = id;
    this.key = id.getValue();
    update(info);
  }

  void update(FrameworkInfo info) {
    this.roles = rolesOf(info);
    this.revocableCapable = hasCapability(info, Capability.Type.REVOCABLE_RESOURCES);
    this.sharedCapable = hasCapability(info, Capability.Type.SHARED_RESOURCES);
    this.gpuCapable = hasCapability(info, Capability.Type.GPU_RESOURCES);
  }

  /** Mesos's {@code getRoles}: {@code roles} for a MULTI_ROLE framework, else the legacy role. */
  static Set<String> rolesOf(FrameworkInfo info) {
    if (hasCapability(info, Capability.Type.MULTI_ROLE)) {
      return new TreeSet<>(info.getRolesList());
    }
    return new TreeSet<>(Set.of(info.getRole()));
  }

  Set<String> roles() {
    return roles;
  }

  /** For unlabelled resources handed back by the master; null when there is no single role. */
  String soleRole() {
    return roles.size() == 1 ? roles.iterator().next() : null;
  }

  /** Whether it should be offered resources under {@code role} at all. */
  boolean wantsOffers(String role) {
    return active && roles.contains(role) && !suppressedRoles.contains(role);
  }

  boolean revocableCapable() {
    return revocableCapable;
  }

  boolean sharedCapable() {
    return sharedCapable;
  }

  boolean gpuCapable() {
    return gpuCapable;
  }

  Resources allocation(String agent, String role) {
    Map<String, Resources> byRole = allocations.get(agent);
    Resources r = byRole == null ? null : byRole.get(role);
    return r == null ? Resources.empty() : r;
  }

  boolean holdsAnythingIn(String role) {
    for (Map<String, Resources> byRole : allocations.values()) {
      if (byRole.containsKey(role)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasCapability(FrameworkInfo info, Capability.Type type) {
    for (Capability c : info.getCapabilitiesList()) {
      if (c.getType() == type) {
        return true;
      }
    }
    return false;
  }
}
