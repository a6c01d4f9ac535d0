package io.talus.master.leader;

import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The leader's outstanding offers. Not replicated: a new leader starts with none. An offer is used
 * once, by an ACCEPT or a DECLINE, or goes away by a rescind or its timeout.
 */
final class OfferBook {

  record Outstanding(Offer offer, Resources resources, long createdNanos) {}

  private final Map<String, Outstanding> offers = new LinkedHashMap<>();
  private final String idPrefix;
  private long nextId;

  /** @param idPrefix unique to this leadership, e.g. {@code <cluster>-O<term>} */
  OfferBook(String idPrefix) {
    this.idPrefix = idPrefix;
  }

  OfferID nextId() {
    return OfferID.newBuilder().setValue(idPrefix + "-" + nextId++).build();
  }

  void add(Offer offer, long nowNanos) {
    offers.put(offer.getId().getValue(), new Outstanding(offer, Resources.of(offer.getResourcesList()), nowNanos));
  }

  Optional<Offer> get(OfferID id) {
    Outstanding o = offers.get(id.getValue());
    return o == null ? Optional.empty() : Optional.of(o.offer());
  }

  Optional<Outstanding> remove(OfferID id) {
    return Optional.ofNullable(offers.remove(id.getValue()));
  }

  /** Removes and returns every offer matching {@code which}. */
  List<Outstanding> removeIf(Predicate<Offer> which) {
    List<Outstanding> removed = new ArrayList<>();
    offers.values().removeIf(o -> {
      if (which.test(o.offer())) {
        removed.add(o);
        return true;
      }
      return false;
    });
    return removed;
  }

  List<Outstanding> olderThan(long cutoffNanos) {
    return offers.values().stream().filter(o -> o.createdNanos() - cutoffNanos < 0).toList();
  }

  List<Offer> ofFramework(String frameworkId) {
    return offers.values().stream().map(Outstanding::offer)
        .filter(o -> o.getFrameworkId().getValue().equals(frameworkId)).toList();
  }

  List<Offer> onAgent(String agentId) {
    return offers.values().stream().map(Outstanding::offer)
        .filter(o -> o.getAgentId().getValue().equals(agentId)).toList();
  }

  int size() {
    return offers.size();
  }
}
