package io.talus.master.allocator;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.Attribute;
import io.talus.protocol.resources.Resources;
import java.util.List;

/**
 * What one offer should hold: resources of one agent allocated to a framework under one role (Mesos
 * makes one offer per agent and role). Every resource carries {@code allocation_info.role}, as an
 * offer's resources must; the agent's hostname and attributes are copied in for the offer.
 */
public record OfferedResources(
    AgentID agentId,
    String hostname,
    List<Attribute> attributes,
    String role,
    Resources resources) {

  @Override
  public String toString() {
    return agentId.getValue() + "(" + role + ")[" + resources + "]";
  }
}
