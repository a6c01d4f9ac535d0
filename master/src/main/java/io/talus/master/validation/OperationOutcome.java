package io.talus.master.validation;

import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.protocol.resources.Resources;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one operation of an ACCEPT. {@code launched} are the tasks to send to the agent
 * (their resources labelled with the offers' allocation role where the framework left it out);
 * {@code rejected} the tasks that get a terminal update instead; {@code error} says why a whole
 * operation was refused (invalid offers, a task group that failed, an unsupported type), and
 * {@code used} is what the launched tasks and their new executors took from the offers.
 */
public record OperationOutcome(
    Offer.Operation operation,
    List<TaskInfo> launched,
    List<TaskRejection> rejected,
    Optional<String> error,
    Resources used) {

  public OperationOutcome {
    Objects.requireNonNull(operation, "operation");
    launched = List.copyOf(launched);
    rejected = List.copyOf(rejected);
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(used, "used");
  }

  static OperationOutcome refused(
      Offer.Operation operation, List<TaskRejection> rejected, String error) {
    return new OperationOutcome(
        operation, List.of(), rejected, Optional.of(error), Resources.empty());
  }

  public boolean isRefused() {
    return error.isPresent();
  }
}
