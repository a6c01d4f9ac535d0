package io.talus.master.allocator;

import io.talus.protocol.resources.Resources;
import java.util.HashMap;
import java.util.Map;

/**
 * The two levels of Mesos's hierarchical DRF: a sorter of roles (weighted) and, per role, a sorter
 * of the frameworks in it. A framework holding resources under a role counts towards that role's
 * share whether or not it wants offers; a role is sorted (active) only while one of its frameworks
 * wants offers, so that a round does not walk roles with nobody to offer to.
 */
final class Sorters {

  private final ScalarQuantities clusterTotal;
  private final DrfSorter roleSorter;
  private final Map<String, DrfSorter> frameworkSorters = new HashMap<>();
  private final Map<String, Double> weights = new HashMap<>();

  Sorters(ScalarQuantities clusterTotal) {
    this.clusterTotal = clusterTotal;
    this.roleSorter = new DrfSorter(clusterTotal);
  }

  /** Weights outlive the role's sorter, so an operator may weigh a role before anyone joins it. */
  void setWeight(String role, double weight) {
    weights.put(role, weight);
    if (roleSorter.contains(role)) {
      roleSorter.setWeight(role, weight);
    }
  }

  /** Gives the framework a place in the role's sorter, creating the role if it is new. */
  void track(FrameworkState framework, String role) {
    DrfSorter sorter = frameworkSorters.get(role);
    if (sorter == null) {
      sorter = new DrfSorter(clusterTotal);
      frameworkSorters.put(role, sorter);
      roleSorter.add(role, weights.getOrDefault(role, 1.0), false);
    }
    sorter.add(framework.key, 1.0, framework.wantsOffers(role));
    syncRole(role, sorter);
  }

  /** The framework must hold nothing under the role any more. */
  void untrack(FrameworkState framework, String role) {
    DrfSorter sorter = frameworkSorters.get(role);
    sorter.remove(framework.key);
    if (sorter.isEmpty()) {
      frameworkSorters.remove(role);
      roleSorter.remove(role);
    } else {
      syncRole(role, sorter);
    }
  }

  /** Re-reads whether the framework wants offers under the role (after (de)activate, suppress). */
  void refresh(FrameworkState framework, String role) {
    DrfSorter sorter = frameworkSorters.get(role);
    if (framework.wantsOffers(role)) {
      sorter.activate(framework.key);
    } else {
      sorter.deactivate(framework.key);
    }
    syncRole(role, sorter);
  }

  void allocated(String framework, String role, Resources resources) {
    frameworkSorters.get(role).allocated(framework, resources);
    roleSorter.allocated(role, resources);
  }

  void unallocated(String framework, String role, Resources resources) {
    frameworkSorters.get(role).unallocated(framework, resources);
    roleSorter.unallocated(role, resources);
  }

  /** Roles with a framework that wants offers, lowest weighted share first. */
  Iterable<String> roles() {
    return roleSorter.sorted();
  }

  /** The role's frameworks that want offers, lowest share first. */
  Iterable<String> frameworks(String role) {
    return frameworkSorters.get(role).sorted();
  }

  double roleShare(String role) {
    return roleSorter.contains(role) ? roleSorter.share(role) : 0.0;
  }

  double frameworkShare(String framework, String role) {
    DrfSorter sorter = frameworkSorters.get(role);
    return sorter != null && sorter.contains(framework) ? sorter.share(framework) : 0.0;
  }

  private void syncRole(String role, DrfSorter sorter) {
    if (sorter.hasActive()) {
      roleSorter.activate(role);
    } else {
      roleSorter.deactivate(role);
    }
  }
}
