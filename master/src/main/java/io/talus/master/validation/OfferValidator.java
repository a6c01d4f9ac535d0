package io.talus.master.validation;

import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.Resource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Mesos's checks on the offers an ACCEPT names ({@code offer::validate}): present, each named
 * once, still outstanding, made to this framework, and — since one ACCEPT becomes one launch on one
 * agent under one role — all from the same agent and allocated to the same role.
 */
final class OfferValidator {

  /** The offers of this framework that exist, and the first problem found, if any. */
  record Checked(List<Offer> ownOffers, Optional<String> error) {}

  private OfferValidator() {}

  static Checked check(
      List<OfferID> offerIds, FrameworkID frameworkId, Function<OfferID, Optional<Offer>> lookup) {
    List<Offer> own = new ArrayList<>();
    List<Offer> found = new ArrayList<>();
    Set<OfferID> distinct = new HashSet<>();
    for (OfferID id : offerIds) {
      if (distinct.add(id)) {
        lookup.apply(id).ifPresent(found::add);
      }
    }
    for (Offer offer : found) {
      if (offer.getFrameworkId().equals(frameworkId)) {
        own.add(offer);
      }
    }
    return new Checked(own, firstError(offerIds, frameworkId, lookup));
  }

  private static Optional<String> firstError(
      List<OfferID> offerIds, FrameworkID frameworkId, Function<OfferID, Optional<Offer>> lookup) {
    if (offerIds.isEmpty()) {
      return Optional.of("No offers specified");
    }
    Set<OfferID> seen = new HashSet<>();
    for (OfferID id : offerIds) {
      if (!seen.add(id)) {
        return Optional.of("Duplicate offer " + id.getValue() + " in offer list");
      }
    }
    List<Offer> offers = new ArrayList<>();
    for (OfferID id : offerIds) {
      Optional<Offer> offer = lookup.apply(id);
      if (offer.isEmpty()) {
        // Unknown, already used, or rescinded: the master cannot tell them apart, nor need to.
        return Optional.of("Offer " + id.getValue() + " is no longer valid");
      }
      offers.add(offer.get());
    }
    for (Offer offer : offers) {
      if (!offer.getFrameworkId().equals(frameworkId)) {
        return Optional.of(
            "Offer "
                + offer.getId().getValue()
                + " has invalid framework "
                + offer.getFrameworkId().getValue()
                + " while framework "
                + frameworkId.getValue()
                + " is expected");
      }
    }
    Offer first = offers.get(0);
    for (Offer offer : offers) {
      if (!allocationRole(offer).equals(allocationRole(first))) {
        return Optional.of(
            "Aggregated offers must be allocated to the same role. Offer "
                + first.getId().getValue()
                + " uses role '"
                + allocationRole(first)
                + "' and offer "
                + offer.getId().getValue()
                + " uses role '"
                + allocationRole(offer)
                + "'");
      }
      if (!offer.getAgentId().equals(first.getAgentId())) {
        return Optional.of(
            "Aggregated offers must belong to one single agent. Offer "
                + first.getId().getValue()
                + " uses agent "
                + first.getAgentId().getValue()
                + " and offer "
                + offer.getId().getValue()
                + " uses agent "
                + offer.getAgentId().getValue());
      }
    }
    return Optional.empty();
  }

  /** The role an offer was made to: its own label, else its resources'; "" when unlabelled. */
  static String allocationRole(Offer offer) {
    if (offer.hasAllocationInfo() && offer.getAllocationInfo().hasRole()) {
      return offer.getAllocationInfo().getRole();
    }
    for (Resource r : offer.getResourcesList()) {
      if (r.hasAllocationInfo() && r.getAllocationInfo().hasRole()) {
        return r.getAllocationInfo().getRole();
      }
    }
    return "";
  }
}
