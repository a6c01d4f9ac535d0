package io.talus.membership;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event it receives, for assertions from the test thread. */
final class RecordingListener implements MembershipListener {

  private final List<MembershipEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void onEvent(MembershipEvent event) {
    events.add(event);
  }

  List<MembershipEvent> events() {
    return List.copyOf(events);
  }

  /** The event types seen for the member with this node id, in order. */
  List<MembershipEvent.Type> typesFor(String nodeId) {
    return events.stream()
        .filter(event -> event.member().metadata().getNodeId().equals(nodeId))
        .map(MembershipEvent::type)
        .toList();
  }
}
