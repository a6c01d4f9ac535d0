package io.talus.master.leader;

import io.talus.http.EventStream;
import io.talus.http.MediaType;
import io.talus.master.validation.FrameworkInfoValidator;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo.Capability;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.scheduler.Protos.Event;
import io.talus.protocol.json.MesosJson;

/**
 * One framework's subscription on this leader: the stream its events go to, in the encoding it
 * asked for. A resubscription replaces the session (and its stream id); calls must carry the
 * current stream id.
 */
final class FrameworkSession {

  private final FrameworkID frameworkId;
  private final FrameworkInfo info;
  private final String streamId;
  private final EventStream stream;
  private final MediaType mediaType;

  FrameworkSession(
      FrameworkID frameworkId, FrameworkInfo info, String streamId, EventStream stream, MediaType mediaType) {
    this.frameworkId = frameworkId;
    this.info = info;
    this.streamId = streamId;
    this.stream = stream;
    this.mediaType = mediaType;
  }

  FrameworkID frameworkId() {
    return frameworkId;
  }

  FrameworkInfo info() {
    return info;
  }

  String streamId() {
    return streamId;
  }

  EventStream stream() {
    return stream;
  }

  MediaType mediaType() {
    return mediaType;
  }

  boolean connected() {
    return stream.isOpen();
  }

  /** False when the stream has closed (the event is dropped). */
  boolean send(Event event) {
    byte[] payload = mediaType == MediaType.JSON ? MesosJson.printBytes(event) : event.toByteArray();
    return stream.sendRecord(payload);
  }

  boolean sendUpdate(TaskStatus status) {
    return send(Event.newBuilder()
        .setType(Event.Type.UPDATE)
        .setUpdate(Event.Update.newBuilder().setStatus(forFramework(info, status)))
        .build());
  }

  /**
   * A status as this framework may see it: frameworks that are not PARTITION_AWARE know none of
   * the partition states and get TASK_LOST; TASK_KILLING only reaches frameworks that asked for it.
   */
  static TaskStatus forFramework(FrameworkInfo info, TaskStatus status) {
    TaskState state = status.getState();
    TaskState shown = state;
    if (!FrameworkInfoValidator.hasCapability(info, Capability.Type.PARTITION_AWARE)) {
      switch (state) {
        case TASK_UNREACHABLE, TASK_DROPPED, TASK_GONE, TASK_GONE_BY_OPERATOR, TASK_UNKNOWN ->
            shown = TaskState.TASK_LOST;
        default -> { }
      }
    }
    if (state == TaskState.TASK_KILLING
        && !FrameworkInfoValidator.hasCapability(info, Capability.Type.TASK_KILLING_STATE)) {
      shown = TaskState.TASK_RUNNING;
    }
    return shown == state ? status : status.toBuilder().setState(shown).build();
  }

  void fail(String message) {
    send(Event.newBuilder()
        .setType(Event.Type.ERROR)
        .setError(Event.Error.newBuilder().setMessage(message))
        .build());
    stream.close();
  }
}
