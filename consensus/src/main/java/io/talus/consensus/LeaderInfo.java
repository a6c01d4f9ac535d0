package io.talus.consensus;

/**
 * Who leads the Raft group as this peer sees it.
 *
 * @param leaderId the leader's peer id, or null while none is known
 * @param term the Raft term in which it leads
 * @param self whether this peer is the leader
 */
public record LeaderInfo(String leaderId, long term, boolean self) {

  public static final LeaderInfo NONE = new LeaderInfo(null, 0, false);

  public boolean known() {
    return leaderId != null;
  }
}
