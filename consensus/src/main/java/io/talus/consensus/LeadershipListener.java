package io.talus.consensus;

/**
 * Told of every leader change this peer sees. Called on a Ratis thread: hand the event to your own
 * executor, never block here.
 */
@FunctionalInterface
public interface LeadershipListener {
  void onLeaderChanged(LeaderInfo leader);
}
