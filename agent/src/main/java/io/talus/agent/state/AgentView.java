package io.talus.agent.state;

import io.talus.mesos.v1.Protos.Attribute;
import io.talus.mesos.v1.Protos.Resource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable picture of the agent, published by its loop after every change and read by the
 * HTTP endpoints ({@code /state}, {@code /metrics/snapshot}) from any thread.
 *
 * @param id the agent id once registered (or recovered)
 * @param hostname AgentInfo.hostname
 * @param ip the address the HTTP server listens on
 * @param port the HTTP port
 * @param version Talus's version
 * @param startTimeSeconds when the agent started (wall clock, seconds since the epoch)
 * @param resources the agent's total resources
 * @param attributes the agent's attributes
 * @param master the HTTP endpoint of the master whose stream the agent holds, if any
 * @param registered whether that stream is open and registered
 * @param recovering whether the agent is still recovering its checkpoint (executor API 503)
 * @param isolation how tasks are isolated, or why they are not
 * @param workDir the agent's work dir
 * @param flags the agent's flags as given, for {@code /state}'s {@code flags}
 * @param frameworks frameworks with executors on this agent
 * @param completedFrameworks frameworks whose executors have all ended
 * @param counters lifetime counts for {@code /metrics/snapshot}
 */
public record AgentView(
    Optional<String> id,
    String hostname,
    String ip,
    int port,
    String version,
    double startTimeSeconds,
    List<Resource> resources,
    List<Attribute> attributes,
    Optional<String> master,
    boolean registered,
    boolean recovering,
    String isolation,
    String workDir,
    Map<String, String> flags,
    List<FrameworkView> frameworks,
    List<FrameworkView> completedFrameworks,
    Counters counters) {

  public AgentView {
    resources = List.copyOf(resources);
    attributes = List.copyOf(attributes);
    flags = Map.copyOf(flags);
    frameworks = List.copyOf(frameworks);
    completedFrameworks = List.copyOf(completedFrameworks);
  }

  /**
   * Lifetime counts since the agent started: tasks by terminal state, status updates, and
   * executor API traffic.
   */
  public record Counters(
      long tasksFinished,
      long tasksFailed,
      long tasksKilled,
      long tasksLost,
      long validStatusUpdates,
      long invalidStatusUpdates,
      long validFrameworkMessages,
      long invalidFrameworkMessages,
      long executorsTerminated,
      long recoveryErrors) {

    public static final Counters ZERO = new Counters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }
}
