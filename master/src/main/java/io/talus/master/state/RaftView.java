package io.talus.master.state;

import java.util.Map;
import java.util.Optional;

/**
 * This peer's view of the Raft group, for {@code GET /master/raft}.
 *
 * @param peerId this peer
 * @param leaderId the leader this peer knows of
 * @param term this peer's current term
 * @param commitIndex the highest log index this peer knows to be committed
 * @param appliedIndex the highest log index applied to this peer's registry
 * @param logStartIndex the first index still in this peer's log
 * @param peers every peer, id to Raft address
 */
public record RaftView(
    String peerId,
    Optional<String> leaderId,
    long term,
    long commitIndex,
    long appliedIndex,
    long logStartIndex,
    Map<String, String> peers) {

  public RaftView {
    peers = Map.copyOf(peers);
  }
}
