package io.talus.membership;

import static io.talus.membership.MembershipEvent.Type.ADDED;
import static io.talus.membership.MembershipEvent.Type.LEAVING;
import static io.talus.membership.MembershipEvent.Type.REMOVED;
import static io.talus.membership.MembershipEvent.Type.UPDATED;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.protocol.membership.MemberMetadata;
import org.junit.jupiter.api.Test;

/** The event thread's bookkeeping, fed ScaleCube-shaped changes directly. */
class MemberViewTest {

  private static final MemberMetadata A1 = TestNodes.agent("a1", 5051);
  private static final MemberMetadata A1_MOVED = TestNodes.agent("a1", 6051);

  private final MemberView view = new MemberView("test");
  private final RecordingListener listener = new RecordingListener();

  @Test
  void removalsWithoutMetadataUseTheLastKnownMetadata() {
    view.subscribe(listener);
    view.submit(change(ADDED, null, A1));
    view.submit(change(LEAVING, null, null));
    view.submit(change(REMOVED, null, null));
    view.close();

    assertThat(listener.typesFor("a1")).containsExactly(ADDED, LEAVING, REMOVED);
    assertThat(listener.events()).allMatch(event -> event.member().metadata().equals(A1));
    assertThat(view.others()).isEmpty();
  }

  @Test
  void anUpdateCarriesThePreviousMetadataAndARepeatIsDropped() {
    view.subscribe(listener);
    view.submit(change(ADDED, null, A1));
    view.submit(change(UPDATED, A1, A1_MOVED));
    view.submit(change(UPDATED, A1_MOVED, A1_MOVED));
    view.close();

    assertThat(listener.typesFor("a1")).containsExactly(ADDED, UPDATED);
    MembershipEvent update = listener.events().get(1);
    assertThat(update.member().metadata()).isEqualTo(A1_MOVED);
    assertThat(update.previous()).contains(A1);
  }

  @Test
  void changesAboutUnknownMembersWithoutMetadataAreIgnored() {
    view.subscribe(listener);
    view.submit(change(ADDED, null, null));
    view.submit(change(LEAVING, null, null));
    view.submit(change(REMOVED, null, null));
    view.close();

    assertThat(listener.events()).isEmpty();
  }

  @Test
  void anUpdateForAnUnknownMemberIsItsArrival() {
    view.subscribe(listener);
    view.submit(change(UPDATED, null, A1));
    view.close();

    assertThat(listener.typesFor("a1")).containsExactly(ADDED);
  }

  @Test
  void aLateSubscriberGetsTheCurrentMembersFirst() {
    view.submit(change(ADDED, null, A1));
    view.submit(change(UPDATED, A1, A1_MOVED));
    view.subscribe(listener);
    view.close();

    assertThat(listener.events()).containsExactly(MembershipEvent.added(member(A1_MOVED)));
  }

  @Test
  void aFailingListenerDoesNotStopTheOthers() {
    view.subscribe(
        event -> {
          throw new IllegalStateException("listener bug");
        });
    view.subscribe(listener);
    view.submit(change(ADDED, null, A1));
    view.submit(change(REMOVED, A1, null));
    view.close();

    assertThat(listener.typesFor("a1")).containsExactly(ADDED, REMOVED);
  }

  @Test
  void anUnsubscribedListenerHearsNothingMore() {
    Subscription subscription = view.subscribe(listener);
    view.submit(change(ADDED, null, A1));
    subscription.close();
    view.submit(change(REMOVED, A1, null));
    view.close();

    assertThat(listener.typesFor("a1")).containsExactly(ADDED);
  }

  private static GossipChange change(
      MembershipEvent.Type type, MemberMetadata oldMetadata, MemberMetadata newMetadata) {
    return new GossipChange(type, "id-a1", "127.0.0.1:7001", oldMetadata, newMetadata);
  }

  private static Member member(MemberMetadata metadata) {
    return new Member("id-a1", "127.0.0.1:7001", metadata);
  }
}
