package io.talus.master.allocator;

import io.talus.mesos.v1.Protos.FrameworkID;
import java.util.List;

/**
 * The offers one allocation round makes to one framework, so that the master sends them in a
 * single OFFERS event. Offers are in the order the round visited the agents (ascending agent id).
 */
public record OfferBatch(FrameworkID frameworkId, List<OfferedResources> offers) {

  public OfferBatch {
    offers = List.copyOf(offers);
  }

  @Override
  public String toString() {
    return frameworkId.getValue() + "=" + offers;
  }
}
