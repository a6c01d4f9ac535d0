package io.talus.master.validation;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo.Capability;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus.Reason;
import io.talus.mesos.v1.scheduler.Protos.Call;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Decides what an ACCEPT call launches, as Mesos's master does in {@code accept}/{@code _accept}:
 * first the offers as a whole, then each operation in order against what the earlier ones left.
 *
 * <p>A bad task never fails the call: it becomes a TASK_ERROR update and the other tasks go
 * ahead. Bad offers fail every task with REASON_INVALID_OFFERS (TASK_DROPPED for PARTITION_AWARE
 * frameworks, TASK_LOST for others, which do not know TASK_DROPPED). Only LAUNCH and LAUNCH_GROUP
 * are supported; other operations are refused by name so a framework sees why nothing happened.
 */
public final class AcceptValidator {

  private AcceptValidator() {}

  /**
   * @param offers the master's outstanding offers; empty for an unknown, used or rescinded id
   * @param liveTaskIds ids of the framework's tasks the master knows, which new tasks may not reuse
   */
  public static AcceptResult validate(
      Call.Accept accept,
      FrameworkID frameworkId,
      FrameworkInfo framework,
      Function<OfferID, Optional<Offer>> offers,
      Set<TaskID> liveTaskIds) {
    OfferValidator.Checked checked =
        OfferValidator.check(accept.getOfferIdsList(), frameworkId, offers);
    Resources offered = Resources.empty();
    Set<ExecutorID> runningExecutors = new HashSet<>();
    for (Offer offer : checked.ownOffers()) {
      offered = offered.add(Resources.of(offer.getResourcesList()));
      runningExecutors.addAll(offer.getExecutorIdsList());
    }
    Optional<AgentID> agentId = checked.ownOffers().stream().map(Offer::getAgentId).findFirst();
    if (checked.error().isPresent()) {
      return invalidOffers(accept, framework, checked, agentId, offered);
    }

    TaskValidator.Context context =
        new TaskValidator.Context(
            frameworkId,
            FrameworkInfoValidator.hasCapability(framework, Capability.Type.MULTI_ROLE),
            agentId.orElseThrow(),
            OfferValidator.allocationRole(checked.ownOffers().get(0)));
    LaunchLedger ledger = new LaunchLedger(liveTaskIds, runningExecutors, offered);
    List<OperationOutcome> outcomes = new ArrayList<>();
    for (Offer.Operation operation : accept.getOperationsList()) {
      outcomes.add(
          switch (operation.getType()) {
            case LAUNCH -> LaunchValidator.launch(operation, context, ledger);
            case LAUNCH_GROUP -> LaunchValidator.launchGroup(operation, context, ledger);
            case UNKNOWN -> OperationOutcome.refused(
                operation, List.of(), "Offer operation has no known type");
            default -> OperationOutcome.refused(
                operation,
                List.of(),
                "Offer operation " + operation.getType() + " is not supported yet");
          });
    }
    return new AcceptResult(
        Optional.empty(),
        agentId,
        checked.ownOffers(),
        outcomes,
        offered,
        ledger.used(),
        ledger.remaining());
  }

  private static AcceptResult invalidOffers(
      Call.Accept accept,
      FrameworkInfo framework,
      OfferValidator.Checked checked,
      Optional<AgentID> agentId,
      Resources offered) {
    String error = checked.error().orElseThrow();
    TaskState state =
        FrameworkInfoValidator.hasCapability(framework, Capability.Type.PARTITION_AWARE)
            ? TaskState.TASK_DROPPED
            : TaskState.TASK_LOST;
    List<OperationOutcome> outcomes = new ArrayList<>();
    for (Offer.Operation operation : accept.getOperationsList()) {
      List<TaskRejection> rejected = new ArrayList<>();
      for (TaskInfo task : tasksOf(operation)) {
        rejected.add(
            new TaskRejection(
                task.getTaskId(),
                task.getAgentId(),
                state,
                Reason.REASON_INVALID_OFFERS,
                "Task launched with invalid offers: " + error));
      }
      outcomes.add(OperationOutcome.refused(operation, rejected, error));
    }
    return new AcceptResult(
        checked.error(),
        agentId,
        checked.ownOffers(),
        outcomes,
        offered,
        Resources.empty(),
        offered);
  }

  private static List<TaskInfo> tasksOf(Offer.Operation operation) {
    return switch (operation.getType()) {
      case LAUNCH -> operation.getLaunch().getTaskInfosList();
      case LAUNCH_GROUP -> operation.getLaunchGroup().getTaskGroup().getTasksList();
      default -> List.of();
    };
  }

  /** The launched executor, for the ledger to remember, when a task brings one. */
  static Optional<ExecutorInfo> executorOf(TaskInfo task) {
    return task.hasExecutor() ? Optional.of(task.getExecutor()) : Optional.empty();
  }
}
