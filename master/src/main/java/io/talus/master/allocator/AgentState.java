package io.talus.master.allocator;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.Attribute;
import io.talus.protocol.resources.Resources;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The allocator's view of one agent: what it has, what is offered or used, who holds it. */
final class AgentState {

  final AgentID id;
  final String key;
  final String hostname;
  final List<Attribute> attributes;

  private Resources total;
  /** Offered or used, by anyone, unlabelled. */
  private Resources allocated = Resources.empty();

  private Resources available;
  boolean active = true;

  /** The frameworks that hold something here, so that removing the agent finds them. */
  final Set<String> frameworks = new HashSet<>();

  AgentState(AgentID id, String hostname, Resources total, List<Attribute> attributes) {
    this.id = id;
    this.key = id.getValue();
    this.hostname = hostname;
    this.attributes = List.copyOf(attributes);
    this.total = total;
    this.available = total;
  }

  Resources total() {
    return total;
  }

  Resources allocated() {
    return allocated;
  }

  /** Total minus allocated; never negative, even if the total shrank below what is in use. */
  Resources available() {
    return available;
  }

  boolean hasGpus() {
    return total.scalar("gpus") > 0;
  }

  void setTotal(Resources total) {
    this.total = total;
    available = total.subtract(allocated);
  }

  void allocate(Resources resources) {
    allocated = allocated.add(resources);
    available = available.subtract(resources);
  }

  void unallocate(Resources resources) {
    allocated = allocated.subtract(resources);
    available = total.subtract(allocated);
  }
}
