package io.talus.driver.scheduler;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * Records every callback as a line ({@code "registered fw-1"}, {@code "offers o1,o2"}) with the
 * thread it came on; a test can hook offers and updates to act from inside the callback.
 */
final class RecordingScheduler implements Scheduler {

  final List<String> events = new CopyOnWriteArrayList<>();
  final List<TaskStatus> updates = new CopyOnWriteArrayList<>();
  final List<Offer> offers = new CopyOnWriteArrayList<>();
  final Set<String> threads = ConcurrentHashMap.newKeySet();
  volatile BiConsumer<SchedulerDriver, List<Offer>> onOffers = (d, o) -> {};
  volatile BiConsumer<SchedulerDriver, TaskStatus> onUpdate = (d, s) -> {};

  private void record(String event) {
    threads.add(Thread.currentThread().getName());
    events.add(event);
  }

  @Override
  public void registered(SchedulerDriver driver, FrameworkID frameworkId, MasterInfo masterInfo) {
    record("registered " + frameworkId.getValue());
  }

  @Override
  public void reregistered(SchedulerDriver driver, MasterInfo masterInfo) {
    record("reregistered " + masterInfo.getId());
  }

  @Override
  public void resourceOffers(SchedulerDriver driver, List<Offer> offers) {
    record("offers " + String.join(",", offers.stream().map(o -> o.getId().getValue()).toList()));
    this.offers.addAll(offers);
    onOffers.accept(driver, offers);
  }

  @Override
  public void offerRescinded(SchedulerDriver driver, OfferID offerId) {
    record("rescinded " + offerId.getValue());
  }

  @Override
  public void statusUpdate(SchedulerDriver driver, TaskStatus status) {
    record("update " + status.getTaskId().getValue() + " " + status.getState());
    updates.add(status);
    onUpdate.accept(driver, status);
  }

  @Override
  public void frameworkMessage(
      SchedulerDriver driver, ExecutorID executorId, AgentID agentId, byte[] data) {
    record("message " + new String(data, StandardCharsets.UTF_8));
  }

  @Override
  public void disconnected(SchedulerDriver driver) {
    record("disconnected");
  }

  @Override
  public void agentLost(SchedulerDriver driver, AgentID agentId) {
    record("agentLost " + agentId.getValue());
  }

  @Override
  public void executorLost(
      SchedulerDriver driver, ExecutorID executorId, AgentID agentId, int status) {
    record("executorLost " + executorId.getValue() + " " + status);
  }

  @Override
  public void error(SchedulerDriver driver, String message) {
    record("error " + message);
  }

  /** The callbacks so far that start with {@code prefix}. */
  List<String> eventsStartingWith(String prefix) {
    return events.stream().filter(e -> e.startsWith(prefix)).toList();
  }
}
