package io.talus.agent.master;

import io.talus.protocol.agent.AgentToMaster;
import java.time.Duration;
import java.util.Optional;

/** What the agent core needs of its link to the master; {@link MasterLink} is the real one. */
public interface MasterChannel {

  /** Posts a message on the current session; false when there is none. */
  boolean send(AgentToMaster message);

  /** The master whose stream is open, if one is. */
  Optional<String> master();

  /** How long the stream may stay silent before the link takes it for dead. */
  void quietLimit(Duration limit);
}
