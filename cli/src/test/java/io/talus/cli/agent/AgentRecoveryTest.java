package io.talus.cli.agent;

import io.talus.cli.local.ProcTable;
import io.talus.master.testing.ReceivedEvent;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.scheduler.Protos.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import static io.talus.master.testing.Subscription.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code kill -9} of the agent and a restart on the same work dir: what ran keeps running (the
 * same processes, not relaunched), what ended meanwhile is reported with its real exit code, and
 * updates the framework had not acknowledged are sent again with their uuids until it does.
 */
class AgentRecoveryTest {

  private static final String LONG = "t-long";
  private static final String ENDS = "t-ends-while-down";
  private static final String UNACKED = "t-unacked";
  /** Long enough to outlive the launch and the acknowledgements before the kill on a slow machine. */
  private static final int ENDS_AFTER_SECONDS = 5;

  @RegisterExtension final AgentCluster cluster = new AgentCluster();

  @Test
  void aRestartedAgentKeepsItsTasksReportsWhatEndedMeanwhileAndResendsUnacknowledgedUpdates() throws IOException {
    AgentProcess agent = cluster.agent();
    String agentId = cluster.agentId();
    TestScheduler framework = cluster.subscribe("recovery", "PARTITION_AWARE");
    String fid = framework.id();
    framework.launch(agentId, 0,
        TaskJson.command(LONG, agentId, "sleep 1000"),
        TaskJson.command(ENDS, agentId, "sleep " + ENDS_AFTER_SECONDS + "; exit 9"),
        TaskJson.command(UNACKED, agentId, "sleep 1000"));
    for (String task : List.of(LONG, ENDS)) {
      framework.awaitAndAcknowledge(task, TaskState.TASK_STARTING);
      framework.awaitAndAcknowledge(task, TaskState.TASK_RUNNING);
    }
    // Left unacknowledged: the agent holds UNACKED's TASK_RUNNING back until it is.
    ReceivedEvent unackedStarting = framework.awaitUpdate(UNACKED, TaskState.TASK_STARTING);
    String unackedUuid = uuidText(unackedStarting);

    Path longSandbox = agent.sandbox(fid, LONG);
    Path endsSandbox = agent.sandbox(fid, ENDS);
    Path unackedSandbox = agent.sandbox(fid, UNACKED);
    ProcTable.Proc longSleep = Procs.awaitOne(longSandbox, List.of("sleep", "1000"));
    ProcTable.Proc unackedSleep = Procs.awaitOne(unackedSandbox, List.of("sleep", "1000"));
    ProcTable.Proc endsSleep = Procs.awaitOne(endsSandbox, List.of("sleep", Integer.toString(ENDS_AFTER_SECONDS)));
    Set<Path> longRuns = runDirs(longSandbox);
    assertThat(longRuns).containsExactly(longSandbox);

    assertThat(agent.kill9()).as("exit code of the agent's JVM: 128 + SIGKILL").isEqualTo(137);
    assertThat(ProcTable.alive(endsSleep.pid()))
        .as("%s must still run when the agent dies (the test was too slow to get there)", ENDS).isTrue();
    await(ENDS + " ends while the agent is down").atMost(TestScheduler.WAIT)
        .until(() -> ProcTable.group(endsSleep.pgrp()).isEmpty());
    assertThat(ProcTable.alive(longSleep.pid())).as("a task outlives its agent").isTrue();
    assertThat(ProcTable.alive(unackedSleep.pid())).isTrue();

    int logMark = agent.log().length();
    long restartedAt = System.nanoTime();
    agent.restart();
    assertThat(agent.awaitRegistered()).as("the agent id after the restart").isEqualTo(agentId);

    // What ended while the agent was down, with the real exit code.
    ReceivedEvent failed = framework.awaitAndAcknowledge(ENDS, TaskState.TASK_FAILED);
    assertThat(failed.status().getMessage()).contains("status 9");

    // The update the framework never acknowledged comes again, same uuid, sent by the agent.
    ReceivedEvent again = await("the unacknowledged TASK_STARTING of " + UNACKED + " again after the restart")
        .atMost(TestScheduler.WAIT).pollInterval(Duration.ofMillis(20))
        .until(() -> framework.subscription().pending(update(UNACKED, TaskState.TASK_STARTING)).stream()
            .filter(e -> e.receivedNanos() > restartedAt && e.uuidBase64().equals(unackedStarting.uuidBase64()))
            .findFirst(), Optional::isPresent).orElseThrow();
    String resent = "Resending status update TASK_STARTING (" + unackedUuid + ") for task " + UNACKED;
    assertThat(agent.log().substring(logMark)).as("the restarted agent's log").contains(resent);
    framework.acknowledge(again);
    await("the agent took the acknowledgement").atMost(TestScheduler.WAIT).until(() -> agent.log().substring(logMark)
        .contains("Received acknowledgement of status update TASK_STARTING (" + unackedUuid + ") for task " + UNACKED));
    // The update the agent held back behind it goes out now.
    Predicate<Event> agentsRunning = e -> update(UNACKED, TaskState.TASK_RUNNING).test(e)
        && e.getUpdate().getStatus().hasUuid();
    ReceivedEvent running = framework.subscription().await(UNACKED + " TASK_RUNNING from the agent", agentsRunning,
        TestScheduler.WAIT);
    assertThat(running.uuidBase64()).isNotEqualTo(unackedStarting.uuidBase64());
    framework.acknowledge(running);
    long resends = count(agent.log(), resent);
    await("no more resends of the acknowledged update").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> count(agent.log(), resent) == resends);

    // The long task was taken back, not started again.
    ProcTable.Proc longAfter = Procs.awaitOne(longSandbox, List.of("sleep", "1000"));
    assertThat(longAfter.pid()).as("pid of %s after the restart", LONG).isEqualTo(longSleep.pid());
    assertThat(ProcTable.all().stream().filter(p -> p.live() && p.runsIn(agent.workDir())
        && p.argv().equals(List.of("sleep", "1000"))).map(ProcTable.Proc::pid))
        .as("the sleep 1000 processes of the agent's tasks").containsExactlyInAnyOrder(longSleep.pid(), unackedSleep.pid());
    assertThat(runDirs(longSandbox)).as("run dirs of %s's executor", LONG).isEqualTo(longRuns);
    assertThat(agent.sandbox(fid, LONG)).isEqualTo(longSandbox);
    assertThat(agent.log().substring(logMark)).doesNotContain("task started framework=" + fid + " executor=" + LONG);
    assertThat(framework.subscription().pending(e -> update(LONG).test(e)
        && Set.of(TaskState.TASK_STAGING, TaskState.TASK_STARTING).contains(e.getUpdate().getStatus().getState())))
        .as("updates of %s saying it starts again", LONG).isEmpty();
  }

  /** The run dirs of the executor whose sandbox this is ({@code runs/latest} left out). */
  private static Set<Path> runDirs(Path sandbox) throws IOException {
    try (Stream<Path> runs = Files.list(sandbox.getParent())) {
      return runs.filter(p -> !p.getFileName().toString().equals("latest")).collect(Collectors.toSet());
    }
  }

  /** A status uuid as the agent logs it. */
  private static String uuidText(ReceivedEvent update) {
    ByteBuffer b = update.status().getUuid().asReadOnlyByteBuffer();
    return new UUID(b.getLong(), b.getLong()).toString();
  }

  private static long count(String text, String what) {
    return Pattern.compile(Pattern.quote(what)).matcher(text).results().count();
  }
}
