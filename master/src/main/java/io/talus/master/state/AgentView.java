package io.talus.master.state;

import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.resources.Resources;
import java.util.Objects;

/**
 * One agent: its registry record plus what only the leader knows.
 *
 * @param record the replicated record (info, state, endpoint, times)
 * @param connected whether its stream to the leader is up
 * @param used resources of its non-terminal tasks (and their executors)
 * @param offered resources of its outstanding offers
 */
public record AgentView(AgentRecord record, boolean connected, Resources used, Resources offered) {

  public AgentView {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(used, "used");
    Objects.requireNonNull(offered, "offered");
  }

  public String id() {
    return record.getInfo().getId().getValue();
  }
}
