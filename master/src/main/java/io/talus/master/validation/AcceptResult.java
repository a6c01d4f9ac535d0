package io.talus.master.validation;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.protocol.resources.Resources;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The verdict on an ACCEPT call.
 *
 * <p>{@code offersError} is set when the offers themselves are unusable; then nothing launches and
 * every task of a LAUNCH or LAUNCH_GROUP is rejected with REASON_INVALID_OFFERS. {@code offers}
 * are the named offers that exist and belong to the framework: the master removes them either way
 * (an offer is used once, even by a failed ACCEPT). {@code remaining} is what those offers hold
 * beyond {@code used}; the master gives it back to the allocator, where it counts as declined.
 */
public record AcceptResult(
    Optional<String> offersError,
    Optional<AgentID> agentId,
    List<Offer> offers,
    List<OperationOutcome> operations,
    Resources offered,
    Resources used,
    Resources remaining) {

  public AcceptResult {
    Objects.requireNonNull(offersError, "offersError");
    Objects.requireNonNull(agentId, "agentId");
    offers = List.copyOf(offers);
    operations = List.copyOf(operations);
    Objects.requireNonNull(offered, "offered");
    Objects.requireNonNull(used, "used");
    Objects.requireNonNull(remaining, "remaining");
  }

  /** Every task to launch, in the order the operations named them. */
  public List<TaskInfo> launched() {
    return operations.stream().flatMap(o -> o.launched().stream()).toList();
  }

  /** Every task that gets a terminal update instead, in the order the operations named them. */
  public List<TaskRejection> rejections() {
    return operations.stream().flatMap(o -> o.rejected().stream()).toList();
  }
}
