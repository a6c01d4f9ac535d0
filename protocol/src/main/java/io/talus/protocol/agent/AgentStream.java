package io.talus.protocol.agent;

/**
 * How an agent talks to the leading master, over HTTP in the manner of the v1 scheduler API.
 *
 * <ul>
 *   <li>{@code POST /talus/v1/agent} (also {@code /master/talus/v1/agent}) with {@code Content-Type:
 *       application/x-protobuf} and an {@link AgentToMaster} body.
 *   <li>{@code register} or {@code reregister}: {@code 200} with a chunked RecordIO stream of
 *       {@link MasterToAgent} (one record per chunk) and the header {@value #SESSION_HEADER}. The
 *       first record is {@code registered} / {@code reregistered} with the agent id; then {@code
 *       run_task}, {@code kill_task}, {@code acknowledgement}, {@code heartbeat} and the rest. A new
 *       session of an agent closes its older one.
 *   <li>Every other message carries {@value #AGENT_ID_HEADER} and {@value #SESSION_HEADER} of the
 *       current session and gets {@code 202}; {@code 400} for an unknown agent or a stale session
 *       (the agent should reregister).
 *   <li>A master that does not lead answers {@code 307} with the leader's {@code Location}, or
 *       {@code 503} while no leader is known.
 * </ul>
 */
public final class AgentStream {

  /** The path of the agent stream on a master. */
  public static final String PATH = "/talus/v1/agent";

  /** The session id the master assigned when the stream opened. */
  public static final String SESSION_HEADER = "Talus-Session-Id";

  /** The agent id the master assigned at registration. */
  public static final String AGENT_ID_HEADER = "Talus-Agent-Id";

  private AgentStream() {}
}
