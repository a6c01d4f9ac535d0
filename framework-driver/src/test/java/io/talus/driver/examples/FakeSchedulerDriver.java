package io.talus.driver.examples;

import io.talus.driver.Status;
import io.talus.driver.scheduler.SchedulerDriver;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.Filters;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.Request;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** A driver that only records the calls a scheduler makes, for driving callbacks by hand. */
final class FakeSchedulerDriver implements SchedulerDriver {

  record Launch(List<OfferID> offerIds, List<TaskInfo> tasks, Filters filters) {}

  record Decline(OfferID offerId, Filters filters) {}

  final List<Launch> launches = new ArrayList<>();
  final List<Decline> declines = new ArrayList<>();
  final List<List<TaskStatus>> reconciles = new ArrayList<>();
  final List<TaskID> kills = new ArrayList<>();
  final List<String> calls = new ArrayList<>();

  /** Every task launched so far, in order. */
  List<TaskInfo> launchedTasks() {
    return launches.stream().flatMap(l -> l.tasks().stream()).toList();
  }

  List<String> launchedIds() {
    return launchedTasks().stream().map(t -> t.getTaskId().getValue()).toList();
  }

  private Status record(String call) {
    calls.add(call);
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status start() {
    return record("start");
  }

  @Override
  public Status stop(boolean failover) {
    return record("stop " + failover);
  }

  @Override
  public Status abort() {
    return record("abort");
  }

  @Override
  public Status join() {
    return Status.DRIVER_STOPPED;
  }

  @Override
  public Status status() {
    return Status.DRIVER_RUNNING;
  }

  @Override
  public Status requestResources(Collection<Request> requests) {
    return record("request");
  }

  @Override
  public Status launchTasks(
      Collection<OfferID> offerIds, Collection<TaskInfo> tasks, Filters filters) {
    launches.add(new Launch(List.copyOf(offerIds), List.copyOf(tasks), filters));
    return record("launch");
  }

  @Override
  public Status acceptOffers(
      Collection<OfferID> offerIds, Collection<Offer.Operation> operations, Filters filters) {
    return record("accept");
  }

  @Override
  public Status declineOffer(OfferID offerId, Filters filters) {
    declines.add(new Decline(offerId, filters));
    return record("decline");
  }

  @Override
  public Status killTask(TaskID taskId) {
    kills.add(taskId);
    return record("kill");
  }

  @Override
  public Status killTask(TaskID taskId, AgentID agentId) {
    return killTask(taskId);
  }

  @Override
  public Status reviveOffers() {
    return record("revive");
  }

  @Override
  public Status reviveOffers(Collection<String> roles) {
    return record("revive");
  }

  @Override
  public Status suppressOffers() {
    return record("suppress");
  }

  @Override
  public Status suppressOffers(Collection<String> roles) {
    return record("suppress");
  }

  @Override
  public Status acknowledgeStatusUpdate(TaskStatus status) {
    return record("acknowledge");
  }

  @Override
  public Status sendFrameworkMessage(ExecutorID executorId, AgentID agentId, byte[] data) {
    return record("message");
  }

  @Override
  public Status reconcileTasks(Collection<TaskStatus> statuses) {
    reconciles.add(List.copyOf(statuses));
    return record("reconcile");
  }

  @Override
  public Status updateFramework(FrameworkInfo frameworkInfo, Collection<String> suppressedRoles) {
    return record("update");
  }
}
