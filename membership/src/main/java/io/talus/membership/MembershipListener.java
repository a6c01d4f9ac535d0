package io.talus.membership;

/**
 * Receives membership events, one at a time and in order, on the membership's event thread.
 * Listeners may take their time (the gossip thread never waits for them), but a slow listener
 * delays the events of every other listener of the same {@link Membership}.
 */
@FunctionalInterface
public interface MembershipListener {
  void onEvent(MembershipEvent event);
}
