package io.talus.master.allocator;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.Filters;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo.Capability;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Short names for the protos the allocator tests build, and readable views of its output. */
final class Fixtures {

  private Fixtures() {}

  static AgentID agent(String id) {
    return AgentID.newBuilder().setValue(id).build();
  }

  static FrameworkID fw(String id) {
    return FrameworkID.newBuilder().setValue(id).build();
  }

  static Resources res(String text) {
    return Resources.parse(text);
  }

  /** A framework of one (legacy) role. */
  static FrameworkInfo info(String role, Capability.Type... capabilities) {
    FrameworkInfo.Builder b = FrameworkInfo.newBuilder().setUser("u").setName("n").setRole(role);
    for (Capability.Type c : capabilities) {
      b.addCapabilities(Capability.newBuilder().setType(c));
    }
    return b.build();
  }

  static FrameworkInfo multiRole(String... roles) {
    return FrameworkInfo.newBuilder()
        .setUser("u")
        .setName("n")
        .addAllRoles(List.of(roles))
        .addCapabilities(Capability.newBuilder().setType(Capability.Type.MULTI_ROLE))
        .build();
  }

  static Optional<Filters> refuse(double seconds) {
    return Optional.of(Filters.newBuilder().setRefuseSeconds(seconds).build());
  }

  static Optional<Filters> noFilter() {
    return Optional.empty();
  }

  /** {@code resources} as held under {@code role}, the way offers carry them. */
  static Resources labelled(String resources, String role) {
    return RoleResources.allocate(res(resources), role);
  }

  /** framework → the agents it was offered, in offer order, e.g. {@code f1=[a1, a3]}. */
  static Map<String, List<String>> agentsByFramework(List<OfferBatch> batches) {
    Map<String, List<String>> out = new TreeMap<>();
    for (OfferBatch b : batches) {
      List<String> agents = new ArrayList<>();
      b.offers().forEach(o -> agents.add(o.agentId().getValue()));
      out.put(b.frameworkId().getValue(), agents);
    }
    return out;
  }

  /** Every offer as {@code framework agent(role)[resources]}, in output order. */
  static List<String> offers(List<OfferBatch> batches) {
    List<String> out = new ArrayList<>();
    for (OfferBatch b : batches) {
      for (OfferedResources o : b.offers()) {
        out.add(b.frameworkId().getValue() + " " + o);
      }
    }
    return out;
  }
}
