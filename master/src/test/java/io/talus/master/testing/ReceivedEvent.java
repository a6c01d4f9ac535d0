package io.talus.master.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.scheduler.Protos.Event;
import java.util.Base64;

/**
 * One record of a subscription stream: the bytes as they came, the event they decode to, and for
 * a JSON stream the JSON tree itself (so tests can assert the wire form, not just the meaning).
 *
 * @param event the decoded event
 * @param raw the record's payload
 * @param json the payload as JSON for a JSON stream, else null
 * @param receivedNanos {@link System#nanoTime()} when the record arrived
 */
public record ReceivedEvent(Event event, byte[] raw, JsonNode json, long receivedNanos) {

  public Event.Type type() {
    return event.getType();
  }

  /** The status of an UPDATE event. */
  public TaskStatus status() {
    if (event.getType() != Event.Type.UPDATE) {
      throw new IllegalStateException("not an UPDATE: " + event);
    }
    return event.getUpdate().getStatus();
  }

  /** The status uuid as Mesos's JSON writes it (padded base64), empty when there is none. */
  public String uuidBase64() {
    TaskStatus s = status();
    return s.hasUuid() ? Base64.getEncoder().encodeToString(s.getUuid().toByteArray()) : "";
  }

  @Override
  public String toString() {
    return json != null ? json.toString() : event.toString().replace('\n', ' ');
  }
}
