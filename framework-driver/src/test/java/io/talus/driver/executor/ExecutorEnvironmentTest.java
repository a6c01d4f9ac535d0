package io.talus.driver.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorEnvironmentTest {

  private static Map<String, String> minimal() {
    Map<String, String> env = new HashMap<>();
    env.put("MESOS_AGENT_ENDPOINT", "10.0.0.5:5051");
    env.put("MESOS_FRAMEWORK_ID", "fw-1");
    env.put("MESOS_EXECUTOR_ID", "ex-1");
    return env;
  }

  @Test
  void readsTheAgentsVariables() {
    Map<String, String> env = minimal();
    env.put("MESOS_CHECKPOINT", "1");
    env.put("MESOS_RECOVERY_TIMEOUT", "2mins");
    env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "500ms");

    ExecutorEnvironment parsed = ExecutorEnvironment.from(env);

    assertThat(parsed.agentEndpoint())
        .isEqualTo(URI.create("http://10.0.0.5:5051/api/v1/executor"));
    assertThat(parsed.frameworkId().getValue()).isEqualTo("fw-1");
    assertThat(parsed.executorId().getValue()).isEqualTo("ex-1");
    assertThat(parsed.checkpoint()).isTrue();
    assertThat(parsed.recoveryTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(parsed.subscriptionBackoffMax()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void defaultsAreMesoss() {
    ExecutorEnvironment parsed = ExecutorEnvironment.from(minimal());

    assertThat(parsed.checkpoint()).isFalse();
    assertThat(parsed.recoveryTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(parsed.subscriptionBackoffMax()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void anOlderAgentIsFoundThroughItsPid() {
    Map<String, String> env = minimal();
    env.remove("MESOS_AGENT_ENDPOINT");
    env.put("MESOS_SLAVE_PID", "slave(1)@10.0.0.6:5051");

    assertThat(ExecutorEnvironment.from(env).agentEndpoint())
        .isEqualTo(URI.create("http://10.0.0.6:5051/slave(1)/api/v1/executor"));
  }

  @Test
  void missingOrMalformedVariablesAreNamed() {
    Map<String, String> noFramework = minimal();
    noFramework.remove("MESOS_FRAMEWORK_ID");
    assertThatThrownBy(() -> ExecutorEnvironment.from(noFramework))
        .hasMessageContaining("MESOS_FRAMEWORK_ID");

    Map<String, String> noAgent = minimal();
    noAgent.remove("MESOS_AGENT_ENDPOINT");
    assertThatThrownBy(() -> ExecutorEnvironment.from(noAgent))
        .hasMessageContaining("MESOS_AGENT_ENDPOINT");

    Map<String, String> badDuration = minimal();
    badDuration.put("MESOS_RECOVERY_TIMEOUT", "15 minutes");
    assertThatThrownBy(() -> ExecutorEnvironment.from(badDuration))
        .hasMessageContaining("MESOS_RECOVERY_TIMEOUT");

    Map<String, String> badEndpoint = minimal();
    badEndpoint.put("MESOS_AGENT_ENDPOINT", "agent-without-port");
    assertThatThrownBy(() -> ExecutorEnvironment.from(badEndpoint))
        .hasMessageContaining("MESOS_AGENT_ENDPOINT");
  }
}
