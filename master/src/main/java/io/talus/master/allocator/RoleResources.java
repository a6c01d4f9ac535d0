package io.talus.master.allocator;

import io.talus.mesos.v1.Protos.Resource;
import io.talus.protocol.resources.ResourceParser;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which resources a role may be offered, and the {@code allocation_info} label that says which
 * role a framework holds them under. Inside the allocator resources are kept unlabelled (so that an
 * agent's total minus what is allocated is plain arithmetic); labels are put on at the edge, when
 * offering, and taken off when the master hands resources back.
 */
final class RoleResources {

  private RoleResources() {}

  /** The role a resource is reserved for, or {@code *} when it is unreserved. */
  static String reservationRole(Resource r) {
    return r.getReservationsCount() > 0
        ? r.getReservations(r.getReservationsCount() - 1).getRole()
        : r.getRole();
  }

  /**
   * What of {@code available} a framework may use under {@code role}: unreserved resources, and
   * those reserved for the role or for one of its ancestors ({@code a}'s reservations serve {@code
   * a/b}), as Mesos's {@code Resources::isAllocatableTo}.
   */
  static Resources allocatableTo(Resources available, String role) {
    boolean anyReserved = false;
    for (Resource r : available) {
      if (!reservationRole(r).equals(ResourceParser.UNRESERVED)) {
        anyReserved = true;
        break;
      }
    }
    if (!anyReserved) {
      return available;
    }
    return available.filter(
        r -> {
          String reservedFor = reservationRole(r);
          return reservedFor.equals(ResourceParser.UNRESERVED)
              || reservedFor.equals(role)
              || role.startsWith(reservedFor + "/");
        });
  }

  /** {@code resources} labelled as held under {@code role}. */
  static Resources allocate(Resources resources, String role) {
    Resource.AllocationInfo info = Resource.AllocationInfo.newBuilder().setRole(role).build();
    List<Resource> labelled = new ArrayList<>(resources.size());
    for (Resource r : resources) {
      labelled.add(r.toBuilder().setAllocationInfo(info).build());
    }
    return Resources.of(labelled);
  }

  /**
   * Splits resources handed back by the master by the role they are held under, labels removed.
   * Unlabelled resources belong to {@code soleRole}, the one role of a framework that is not
   * MULTI_ROLE (the master labels a MULTI_ROLE framework's resources, a Mesos master too).
   *
   * @param soleRole the framework's only role, or null if it has several
   * @throws IllegalArgumentException if a resource is unlabelled and there is no sole role
   */
  static Map<String, Resources> byRole(Resources resources, String soleRole, String frameworkId) {
    Map<String, List<Resource>> split = new TreeMap<>();
    for (Resource r : resources) {
      String role;
      if (r.hasAllocationInfo() && r.getAllocationInfo().hasRole()) {
        role = r.getAllocationInfo().getRole();
      } else if (soleRole != null) {
        role = soleRole;
      } else {
        throw new IllegalArgumentException(
            "resource '"
                + r.getName()
                + "' of framework '"
                + frameworkId
                + "' has no allocation_info.role, and the framework has several roles");
      }
      split
          .computeIfAbsent(role, k -> new ArrayList<>())
          .add(r.toBuilder().clearAllocationInfo().build());
    }
    Map<String, Resources> out = new TreeMap<>();
    split.forEach((role, list) -> out.put(role, Resources.of(list)));
    return out;
  }

  /** The part of {@code candidate} a framework can use given its capabilities, as Mesos filters. */
  static Resources usableBy(FrameworkState framework, Resources candidate) {
    if (framework.revocableCapable() && framework.sharedCapable()) {
      return candidate;
    }
    boolean anyExcluded = false;
    for (Resource r : candidate) {
      if (excluded(framework, r)) {
        anyExcluded = true;
        break;
      }
    }
    return anyExcluded ? candidate.filter(r -> !excluded(framework, r)) : candidate;
  }

  private static boolean excluded(FrameworkState framework, Resource r) {
    return (r.hasRevocable() && !framework.revocableCapable())
        || (r.hasShared() && !framework.sharedCapable());
  }
}
