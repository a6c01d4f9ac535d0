package io.talus.master.allocator;

import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Mesos's DRF sorter: orders clients (roles, or the frameworks of one role) by weighted dominant
 * share, lowest first, ties broken by name so that the order is deterministic.
 *
 * <p>A client's share is the largest fraction of the cluster total it holds of any scalar kind,
 * divided by its weight. Only active clients are sorted (a suppressed or disconnected framework, a
 * role with nobody to offer to); inactive ones keep their allocation, since it still counts towards
 * their role's share and their place when they come back.
 *
 * <p>Updating one client re-positions it in O(log n). A change of the cluster total moves every
 * share; rather than re-sorting on each agent added, the sorter notices the total's new version
 * the next time its order is read and recomputes once, O(n log n).
 */
final class DrfSorter {

  private static final Comparator<Client> BY_SHARE_THEN_NAME =
      Comparator.<Client>comparingDouble(c -> c.share).thenComparing(c -> c.name);

  private final ScalarQuantities clusterTotal;
  private final Map<String, Client> clients = new HashMap<>();
  private final NavigableSet<Client> active = new TreeSet<>(BY_SHARE_THEN_NAME);
  private long sharesComputedAt = -1;

  DrfSorter(ScalarQuantities clusterTotal) {
    this.clusterTotal = clusterTotal;
  }

  void add(String name, double weight, boolean isActive) {
    if (clients.containsKey(name)) {
      throw new IllegalStateException("sorter already has client '" + name + "'");
    }
    Client c = new Client(name, weight);
    c.share = c.allocation.dominantShare(clusterTotal) / weight;
    clients.put(name, c);
    if (isActive) {
      active.add(c);
    }
  }

  void remove(String name) {
    Client c = client(name);
    active.remove(c);
    clients.remove(name);
  }

  boolean contains(String name) {
    return clients.containsKey(name);
  }

  boolean isEmpty() {
    return clients.isEmpty();
  }

  boolean hasActive() {
    return !active.isEmpty();
  }

  void activate(String name) {
    active.add(client(name));
  }

  void deactivate(String name) {
    active.remove(client(name));
  }

  void setWeight(String name, double weight) {
    reposition(client(name), c -> c.weight = weight);
  }

  void allocated(String name, Resources resources) {
    reposition(client(name), c -> c.allocation.add(resources));
  }

  void unallocated(String name, Resources resources) {
    reposition(client(name), c -> c.allocation.subtract(resources));
  }

  double share(String name) {
    refreshShares();
    return client(name).share;
  }

  /**
   * The active clients, lowest share first. The view is live: callers must not change the sorter
   * while iterating it.
   */
  Iterable<String> sorted() {
    refreshShares();
    return () -> {
      Iterator<Client> it = active.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public String next() {
          return it.next().name;
        }
      };
    };
  }

  private void reposition(Client c, java.util.function.Consumer<Client> change) {
    // The set is ordered by the stored share, so the client must leave it before the share moves.
    boolean wasActive = active.remove(c);
    change.accept(c);
    c.share = c.allocation.dominantShare(clusterTotal) / c.weight;
    if (wasActive) {
      active.add(c);
    }
  }

  private void refreshShares() {
    if (sharesComputedAt == clusterTotal.version()) {
      return;
    }
    List<Client> wereActive = new ArrayList<>(active);
    active.clear();
    for (Client c : clients.values()) {
      c.share = c.allocation.dominantShare(clusterTotal) / c.weight;
    }
    active.addAll(wereActive);
    sharesComputedAt = clusterTotal.version();
  }

  private Client client(String name) {
    Client c = clients.get(name);
    if (c == null) {
      throw new IllegalStateException("sorter has no client '" + name + "'");
    }
    return c;
  }

  private static final class Client {
    final String name;
    final ScalarQuantities allocation = new ScalarQuantities();
    double weight;
    double share;

    Client(String name, double weight) {
      this.name = name;
      this.weight = weight;
    }
  }
}
