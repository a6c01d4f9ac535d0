package io.talus.driver.scheduler;

import com.google.protobuf.ByteString;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.scheduler.Protos.Event;
import java.nio.charset.StandardCharsets;

/** Events and messages for scheduler driver tests. */
final class SchedulerEvents {

  static final AgentID AGENT = AgentID.newBuilder().setValue("agent-1").build();

  private SchedulerEvents() {}

  static OfferID offerId(String id) {
    return OfferID.newBuilder().setValue(id).build();
  }

  static Event offers(String... ids) {
    Event.Offers.Builder offers = Event.Offers.newBuilder();
    for (String id : ids) {
      offers.addOffers(
          Offer.newBuilder()
              .setId(offerId(id))
              .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1"))
              .setAgentId(AGENT)
              .setHostname("host-1"));
    }
    return Event.newBuilder().setType(Event.Type.OFFERS).setOffers(offers).build();
  }

  static Event rescind(String id) {
    return Event.newBuilder()
        .setType(Event.Type.RESCIND)
        .setRescind(Event.Rescind.newBuilder().setOfferId(offerId(id)))
        .build();
  }

  static Event message(String text) {
    return Event.newBuilder()
        .setType(Event.Type.MESSAGE)
        .setMessage(
            Event.Message.newBuilder()
                .setAgentId(AGENT)
                .setExecutorId(ExecutorID.newBuilder().setValue("ex-1"))
                .setData(ByteString.copyFrom(text, StandardCharsets.UTF_8)))
        .build();
  }

  static Event error(String message) {
    return Event.newBuilder()
        .setType(Event.Type.ERROR)
        .setError(Event.Error.newBuilder().setMessage(message))
        .build();
  }

  static TaskStatus status(String taskId, TaskState state, byte[] uuid) {
    TaskStatus.Builder status =
        TaskStatus.newBuilder()
            .setTaskId(TaskID.newBuilder().setValue(taskId))
            .setState(state)
            .setAgentId(AGENT)
            .setSource(TaskStatus.Source.SOURCE_EXECUTOR);
    if (uuid != null) {
      status.setUuid(ByteString.copyFrom(uuid));
    }
    return status.build();
  }

  static Event update(TaskStatus status) {
    return Event.newBuilder()
        .setType(Event.Type.UPDATE)
        .setUpdate(Event.Update.newBuilder().setStatus(status))
        .build();
  }

  static TaskInfo task(String id) {
    return TaskInfo.newBuilder()
        .setName(id)
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setAgentId(AGENT)
        .setCommand(CommandInfo.newBuilder().setValue("true"))
        .build();
  }
}
