package io.talus.cli.agent;

import io.talus.cli.local.ProcTable;
import io.talus.mesos.v1.Protos.TaskState;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static io.talus.master.testing.Subscription.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An agent that crashes and is started again at once: its new incarnation reregisters, and when
 * gossip later removes the dead incarnation (same HTTP endpoint) the master must not take that for
 * the death of the live agent.
 */
class AgentFastRestartTest {

  /** Longer than gossip takes to remove a dead member (2-3 s with the test settings). */
  private static final Duration GOSSIP_SETTLES = Duration.ofSeconds(6);

  @RegisterExtension final AgentCluster cluster = new AgentCluster();

  @Test
  void aQuicklyRestartedAgentIsNotCutOffWhenGossipRemovesItsPreviousIncarnation() {
    AgentProcess agent = cluster.agent();
    String agentId = cluster.agentId();
    TestScheduler framework = cluster.subscribe("fast-restart", "PARTITION_AWARE");
    ProcTable.Proc sleep = cluster.runSleep(framework, "t-fast", 0);

    agent.kill9();
    int logMark = agent.log().length();
    agent.restart();
    assertThat(agent.awaitRegistered()).isEqualTo(agentId);
    long backAt = System.nanoTime();

    // Once back, the agent keeps its one session: it is never cut off and made to reregister again.
    await("the restarted agent keeps its session while gossip removes the dead incarnation")
        .during(GOSSIP_SETTLES).atMost(GOSSIP_SETTLES.plusSeconds(2))
        .until(() -> count(agent.log().substring(logMark), "AgentCore - agent reregistered") <= 1);
    assertThat(framework.subscription().events().stream()
        .filter(e -> e.receivedNanos() > backAt && update("t-fast", TaskState.TASK_UNREACHABLE).test(e.event())))
        .as("TASK_UNREACHABLE of t-fast after its agent was back").isEmpty();
    assertThat(ProcTable.alive(sleep.pid())).isTrue();
  }

  private static long count(String text, String what) {
    return Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
  }
}
