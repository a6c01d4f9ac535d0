package io.talus.driver.executor;

import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.protocol.time.MesosDurations;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * What the agent tells an executor through its environment (Mesos's names and defaults).
 *
 * @param agentEndpoint where to POST executor calls, {@code
 *     http://<MESOS_AGENT_ENDPOINT>/api/v1/executor}
 * @param checkpoint {@code MESOS_CHECKPOINT=1}: the agent recovers executors after a restart, so
 *     the executor waits for it instead of shutting down
 * @param recoveryTimeout {@code MESOS_RECOVERY_TIMEOUT} (default 15mins): how long to keep trying
 *     to reach a restarting agent
 * @param subscriptionBackoffMax {@code MESOS_SUBSCRIPTION_BACKOFF_MAX} (default 2secs): the largest
 *     delay between two SUBSCRIBE attempts
 */
public record ExecutorEnvironment(
    URI agentEndpoint,
    FrameworkID frameworkId,
    ExecutorID executorId,
    boolean checkpoint,
    Duration recoveryTimeout,
    Duration subscriptionBackoffMax) {

  static final String EXECUTOR_PATH = "/api/v1/executor";

  /**
   * Reads the variables from {@code env} ({@code System.getenv()} in production).
   *
   * @throws IllegalArgumentException naming the variable that is missing or malformed
   */
  public static ExecutorEnvironment from(Map<String, String> env) {
    return new ExecutorEnvironment(
        agentEndpoint(env),
        FrameworkID.newBuilder().setValue(required(env, "MESOS_FRAMEWORK_ID")).build(),
        ExecutorID.newBuilder().setValue(required(env, "MESOS_EXECUTOR_ID")).build(),
        "1".equals(env.get("MESOS_CHECKPOINT")),
        duration(env, "MESOS_RECOVERY_TIMEOUT", "15mins"),
        duration(env, "MESOS_SUBSCRIPTION_BACKOFF_MAX", "2secs"));
  }

  private static URI agentEndpoint(Map<String, String> env) {
    String endpoint = env.get("MESOS_AGENT_ENDPOINT");
    String path = EXECUTOR_PATH;
    if (endpoint == null || endpoint.isBlank()) {
      // An older agent only names its libprocess PID, "slave(1)@ip:port".
      String pid = env.get("MESOS_SLAVE_PID");
      if (pid == null || !pid.contains("@")) {
        throw new IllegalArgumentException(
            "MESOS_AGENT_ENDPOINT is not set: is this process running under an agent?");
      }
      endpoint = pid.substring(pid.indexOf('@') + 1);
      path = "/" + pid.substring(0, pid.indexOf('@')) + EXECUTOR_PATH;
    }
    String base = endpoint.strip().replaceAll("/+$", "");
    try {
      URI uri = URI.create((base.contains("://") ? base : "http://" + base) + path);
      if (uri.getHost() == null || uri.getPort() == -1) {
        throw new IllegalArgumentException("no host:port");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "MESOS_AGENT_ENDPOINT '" + endpoint + "' is not ip:port: " + e.getMessage(), e);
    }
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Expecting '" + name + "' to be set in the environment");
    }
    return value;
  }

  private static Duration duration(Map<String, String> env, String name, String fallback) {
    String value = env.getOrDefault(name, fallback);
    try {
      return MesosDurations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}
