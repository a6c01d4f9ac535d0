package io.talus.master.state;

import io.talus.mesos.v1.Protos.Offer;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.TaskRecord;
import io.talus.protocol.resources.Resources;
import java.util.List;
import java.util.Objects;

/**
 * One framework: its registry record, its tasks, plus what only the leader knows.
 *
 * @param record the replicated record (info with id, state, times)
 * @param connected whether its subscription stream to the leader is open
 * @param tasks its tasks in the registry (non-terminal, or terminal and not yet acknowledged)
 * @param offers its outstanding offers
 * @param used resources of its non-terminal tasks
 * @param offered resources of its outstanding offers
 */
public record FrameworkView(
    FrameworkRecord record,
    boolean connected,
    List<TaskRecord> tasks,
    List<Offer> offers,
    Resources used,
    Resources offered) {

  public FrameworkView {
    Objects.requireNonNull(record, "record");
    tasks = List.copyOf(tasks);
    offers = List.copyOf(offers);
    Objects.requireNonNull(used, "used");
    Objects.requireNonNull(offered, "offered");
  }

  public String id() {
    return record.getInfo().getId().getValue();
  }
}
