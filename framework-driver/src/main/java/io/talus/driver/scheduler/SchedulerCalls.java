package io.talus.driver.scheduler;

import com.google.protobuf.ByteString;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.Filters;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.Request;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.scheduler.Protos.Call;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Builds the scheduler API's calls. Every call but SUBSCRIBE names the framework; {@code
 * frameworkId} is null only before the first SUBSCRIBED, when such calls are dropped anyway.
 */
final class SchedulerCalls {

  private SchedulerCalls() {}

  /** SUBSCRIBE; {@code Call.framework_id} equals {@code framework_info.id}, both unset if new. */
  static Call subscribe(FrameworkInfo frameworkInfo, Collection<String> suppressedRoles) {
    Call.Builder call =
        Call.newBuilder()
            .setType(Call.Type.SUBSCRIBE)
            .setSubscribe(
                Call.Subscribe.newBuilder()
                    .setFrameworkInfo(frameworkInfo)
                    .addAllSuppressedRoles(suppressedRoles));
    if (frameworkInfo.hasId()) {
      call.setFrameworkId(frameworkInfo.getId());
    }
    return call.build();
  }

  static Call teardown(FrameworkID frameworkId) {
    return base(frameworkId, Call.Type.TEARDOWN).build();
  }

  static Call accept(
      FrameworkID frameworkId,
      Collection<OfferID> offerIds,
      Collection<Offer.Operation> operations,
      Filters filters) {
    Call.Accept.Builder accept =
        Call.Accept.newBuilder().addAllOfferIds(offerIds).addAllOperations(operations);
    if (filters != null && !filters.equals(Filters.getDefaultInstance())) {
      accept.setFilters(filters);
    }
    return base(frameworkId, Call.Type.ACCEPT).setAccept(accept).build();
  }

  static Offer.Operation launch(Collection<TaskInfo> tasks) {
    return Offer.Operation.newBuilder()
        .setType(Offer.Operation.Type.LAUNCH)
        .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks))
        .build();
  }

  /** The tasks an ACCEPT would launch, for reporting them lost when it cannot be sent. */
  static List<TaskInfo> launchedTasks(Call accept) {
    List<TaskInfo> tasks = new ArrayList<>();
    for (Offer.Operation operation : accept.getAccept().getOperationsList()) {
      if (operation.getType() == Offer.Operation.Type.LAUNCH) {
        tasks.addAll(operation.getLaunch().getTaskInfosList());
      } else if (operation.getType() == Offer.Operation.Type.LAUNCH_GROUP) {
        tasks.addAll(operation.getLaunchGroup().getTaskGroup().getTasksList());
      }
    }
    return tasks;
  }

  static Call decline(FrameworkID frameworkId, OfferID offerId, Filters filters) {
    Call.Decline.Builder decline = Call.Decline.newBuilder().addOfferIds(offerId);
    if (filters != null && !filters.equals(Filters.getDefaultInstance())) {
      decline.setFilters(filters);
    }
    return base(frameworkId, Call.Type.DECLINE).setDecline(decline).build();
  }

  static Call kill(FrameworkID frameworkId, TaskID taskId, AgentID agentId) {
    Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(taskId);
    if (agentId != null) {
      kill.setAgentId(agentId);
    }
    return base(frameworkId, Call.Type.KILL).setKill(kill).build();
  }

  static Call revive(FrameworkID frameworkId, Collection<String> roles) {
    return base(frameworkId, Call.Type.REVIVE)
        .setRevive(Call.Revive.newBuilder().addAllRoles(roles))
        .build();
  }

  static Call suppress(FrameworkID frameworkId, Collection<String> roles) {
    return base(frameworkId, Call.Type.SUPPRESS)
        .setSuppress(Call.Suppress.newBuilder().addAllRoles(roles))
        .build();
  }

  static Call acknowledge(FrameworkID frameworkId, TaskStatus status) {
    return base(frameworkId, Call.Type.ACKNOWLEDGE)
        .setAcknowledge(
            Call.Acknowledge.newBuilder()
                .setAgentId(status.getAgentId())
                .setTaskId(status.getTaskId())
                .setUuid(status.getUuid()))
        .build();
  }

  static Call reconcile(FrameworkID frameworkId, Collection<TaskStatus> statuses) {
    Call.Reconcile.Builder reconcile = Call.Reconcile.newBuilder();
    for (TaskStatus status : statuses) {
      Call.Reconcile.Task.Builder task =
          Call.Reconcile.Task.newBuilder().setTaskId(status.getTaskId());
      if (status.hasAgentId()) {
        task.setAgentId(status.getAgentId());
      }
      reconcile.addTasks(task);
    }
    return base(frameworkId, Call.Type.RECONCILE).setReconcile(reconcile).build();
  }

  static Call message(
      FrameworkID frameworkId, ExecutorID executorId, AgentID agentId, byte[] data) {
    return base(frameworkId, Call.Type.MESSAGE)
        .setMessage(
            Call.Message.newBuilder()
                .setAgentId(agentId)
                .setExecutorId(executorId)
                .setData(ByteString.copyFrom(data)))
        .build();
  }

  static Call request(FrameworkID frameworkId, Collection<Request> requests) {
    return base(frameworkId, Call.Type.REQUEST)
        .setRequest(Call.Request.newBuilder().addAllRequests(requests))
        .build();
  }

  static Call updateFramework(
      FrameworkID frameworkId, FrameworkInfo frameworkInfo, Collection<String> suppressedRoles) {
    return base(frameworkId, Call.Type.UPDATE_FRAMEWORK)
        .setUpdateFramework(
            Call.UpdateFramework.newBuilder()
                .setFrameworkInfo(frameworkInfo)
                .addAllSuppressedRoles(suppressedRoles))
        .build();
  }

  private static Call.Builder base(FrameworkID frameworkId, Call.Type type) {
    Call.Builder call = Call.newBuilder().setType(type);
    if (frameworkId != null) {
      call.setFrameworkId(frameworkId);
    }
    return call;
  }
}
