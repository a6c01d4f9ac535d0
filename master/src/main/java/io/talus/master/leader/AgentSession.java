package io.talus.master.leader;

import io.talus.http.EventStream;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.protocol.agent.MasterToAgent;

/**
 * One agent's stream to this leader. {@code lastHeardNanos} moves with every message the agent
 * sends, so that a partitioned agent, whose TCP stream may look open for a long time, is noticed.
 */
final class AgentSession {

  private final AgentID agentId;
  private final String sessionId;
  private final EventStream stream;
  private final String incarnation;
  private long lastHeardNanos;

  AgentSession(AgentID agentId, String sessionId, EventStream stream, String incarnation, long nowNanos) {
    this.agentId = agentId;
    this.sessionId = sessionId;
    this.stream = stream;
    this.incarnation = incarnation;
    this.lastHeardNanos = nowNanos;
  }

  /** The agent process's gossip incarnation, empty when the agent sent none. */
  String incarnation() {
    return incarnation;
  }

  AgentID agentId() {
    return agentId;
  }

  String sessionId() {
    return sessionId;
  }

  EventStream stream() {
    return stream;
  }

  boolean connected() {
    return stream.isOpen();
  }

  void heard(long nowNanos) {
    lastHeardNanos = nowNanos;
  }

  long lastHeardNanos() {
    return lastHeardNanos;
  }

  /** False when the stream has closed (the message is dropped; the agent reregisters). */
  boolean send(MasterToAgent message) {
    return stream.sendRecord(message.toByteArray());
  }
}
