package io.talus.master.state;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talus.protocol.json.state.StateJsonFields;
import java.util.TreeMap;

/**
 * {@code GET /master/raft}, Talus's own endpoint: this peer's view of the Raft group, e.g. {@code
 * {"peer_id":"m1","leader_id":"m2","term":3,"commit_index":120,"applied_index":120,
 * "log_start_index":1,"peers":[{"id":"m1","address":"10.0.0.1:9872"},...],"elected":false}}.
 * {@code leader_id} is absent while no leader is known; peers are in id order.
 */
public final class RaftJson {

  private RaftJson() {}

  public static ObjectNode render(RaftView raft, boolean elected) {
    ObjectNode node = StateJsonFields.NODES.objectNode();
    node.put("peer_id", raft.peerId());
    raft.leaderId().ifPresent(id -> node.put("leader_id", id));
    node.put("term", raft.term());
    node.put("commit_index", raft.commitIndex());
    node.put("applied_index", raft.appliedIndex());
    node.put("log_start_index", raft.logStartIndex());
    ArrayNode peers = node.putArray("peers");
    new TreeMap<>(raft.peers())
        .forEach((id, address) -> peers.addObject().put("id", id).put("address", address));
    node.put("elected", elected);
    return node;
  }
}
