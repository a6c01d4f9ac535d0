package io.talus.driver.executor;

import static io.talus.driver.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.talus.driver.Status;
import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.executor.Protos.Call;
import io.talus.mesos.v1.executor.Protos.Event;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class V1ExecutorDriverTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);

  private final RecordingExecutor executor = new RecordingExecutor();
  private FakeAgent agent;
  private V1ExecutorDriver driver;

  @AfterEach
  void tearDown() {
    if (driver != null) {
      driver.abort();
    }
    if (agent != null) {
      agent.close();
    }
  }

  private Map<String, String> env(String checkpoint, String recoveryTimeout) {
    Map<String, String> env = new HashMap<>();
    env.put("MESOS_AGENT_ENDPOINT", agent.endpoint());
    env.put("MESOS_FRAMEWORK_ID", "fw-1");
    env.put("MESOS_EXECUTOR_ID", "ex-1");
    env.put("MESOS_CHECKPOINT", checkpoint);
    env.put("MESOS_RECOVERY_TIMEOUT", recoveryTimeout);
    env.put("MESOS_SUBSCRIPTION_BACKOFF_MAX", "50ms");
    return env;
  }

  private void startDriver(String checkpoint, String recoveryTimeout) throws Exception {
    agent = FakeAgent.start();
    driver =
        new V1ExecutorDriver(
            executor, ExecutorEnvironment.from(env(checkpoint, recoveryTimeout)), CLOCK);
    assertThat(driver.start()).isEqualTo(Status.DRIVER_RUNNING);
    eventually().until(() -> executor.events.contains("registered ex-1 fw-1 agent-1"));
  }

  private static TaskInfo task(String id) {
    return TaskInfo.newBuilder()
        .setName(id)
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setAgentId(FakeAgent.AGENT_ID)
        .setCommand(CommandInfo.newBuilder().setValue("sleep 1000"))
        .build();
  }

  private static TaskStatus status(String taskId, TaskState state) {
    return TaskStatus.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue(taskId))
        .setState(state)
        .build();
  }

  @Test
  void subscribesLaunchesReportsAndHandsUnacknowledgedStateToARestartedAgent() throws Exception {
    startDriver("1", "15mins");
    Call subscribe = agent.calls(Call.Type.SUBSCRIBE).get(0);
    assertThat(subscribe.getExecutorId().getValue()).isEqualTo("ex-1");
    assertThat(subscribe.getFrameworkId().getValue()).isEqualTo("fw-1");
    assertThat(subscribe.getSubscribe().getUnacknowledgedUpdatesList()).isEmpty();

    agent.launch(task("t1"));
    agent.launch(task("t2"));
    eventually().until(() -> executor.events.contains("launch t2"));

    driver.sendStatusUpdate(status("t1", TaskState.TASK_RUNNING));
    driver.sendStatusUpdate(status("t2", TaskState.TASK_RUNNING));
    eventually().until(() -> agent.calls(Call.Type.UPDATE).size() == 2);
    TaskStatus sent = agent.calls(Call.Type.UPDATE).get(0).getUpdate().getStatus();
    assertThat(sent.getUuid().size()).isEqualTo(16);
    assertThat(sent.getSource()).isEqualTo(TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(sent.getExecutorId().getValue()).isEqualTo("ex-1");
    assertThat(sent.getAgentId()).isEqualTo(FakeAgent.AGENT_ID);
    assertThat(sent.getTimestamp()).isEqualTo(1_700_000_000.0);
    ByteString t2Uuid = agent.calls(Call.Type.UPDATE).get(1).getUpdate().getStatus().getUuid();
    assertThat(t2Uuid).isNotEqualTo(sent.getUuid());

    agent.acknowledge(sent.getTaskId(), sent.getUuid());
    barrier("acked-1");
    agent.restart();

    eventually().until(() -> agent.calls(Call.Type.SUBSCRIBE).size() == 2);
    Call.Subscribe resubscribe = agent.calls(Call.Type.SUBSCRIBE).get(1).getSubscribe();
    assertThat(resubscribe.getUnacknowledgedUpdatesList())
        .extracting(u -> u.getStatus().getUuid())
        .containsExactly(t2Uuid);
    assertThat(resubscribe.getUnacknowledgedTasksList()).containsExactly(task("t1"), task("t2"));
    eventually().until(() -> executor.events.contains("reregistered agent-1"));
    assertThat(executor.events)
        .containsExactly(
            "registered ex-1 fw-1 agent-1",
            "launch t1",
            "launch t2",
            "message acked-1",
            "disconnected",
            "reregistered agent-1");

    // A task leaves the list once the agent has taken its terminal update.
    driver.sendStatusUpdate(status("t1", TaskState.TASK_FINISHED));
    eventually().until(() -> agent.calls(Call.Type.UPDATE).size() == 3);
    TaskStatus finished = agent.calls(Call.Type.UPDATE).get(2).getUpdate().getStatus();
    agent.acknowledge(finished.getTaskId(), finished.getUuid());
    agent.acknowledge(finished.getTaskId(), t2Uuid);
    barrier("acked-2");
    agent.restart();

    eventually().until(() -> agent.calls(Call.Type.SUBSCRIBE).size() == 3);
    Call.Subscribe third = agent.calls(Call.Type.SUBSCRIBE).get(2).getSubscribe();
    assertThat(third.getUnacknowledgedUpdatesList()).isEmpty();
    assertThat(third.getUnacknowledgedTasksList()).containsExactly(task("t2"));
  }

  /**
   * Waits until the driver has handled every event sent so far: events are handled in stream order,
   * so once a MESSAGE sent last reaches the executor, the ones before it have been applied.
   */
  private void barrier(String name) {
    agent.send(
        Event.newBuilder()
            .setType(Event.Type.MESSAGE)
            .setMessage(Event.Message.newBuilder().setData(ByteString.copyFromUtf8(name)))
            .build());
    eventually().until(() -> executor.events.contains("message " + name));
  }

  @Test
  void anUpdateSentWhileTheAgentIsDownGoesInTheResubscription() throws Exception {
    startDriver("1", "15mins");
    agent.launch(task("t1"));
    eventually().until(() -> executor.events.contains("launch t1"));
    agent.stop();
    eventually().until(() -> executor.events.contains("disconnected"));

    driver.sendStatusUpdate(status("t1", TaskState.TASK_RUNNING));
    agent.restartAfterStop();

    eventually().until(() -> executor.events.contains("reregistered agent-1"));
    Call.Subscribe resubscribe = agent.calls(Call.Type.SUBSCRIBE).get(1).getSubscribe();
    assertThat(resubscribe.getUnacknowledgedUpdatesList())
        .extracting(u -> u.getStatus().getState())
        .containsExactly(TaskState.TASK_RUNNING);
  }

  @Test
  void eventsBecomeCallbacks() throws Exception {
    startDriver("1", "15mins");
    agent.send(
        Event.newBuilder()
            .setType(Event.Type.KILL)
            .setKill(Event.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1")))
            .build());
    agent.send(
        Event.newBuilder()
            .setType(Event.Type.MESSAGE)
            .setMessage(Event.Message.newBuilder().setData(ByteString.copyFromUtf8("hello")))
            .build());
    driver.sendFrameworkMessage("pong".getBytes(StandardCharsets.UTF_8));

    eventually().until(() -> executor.events.size() == 3);
    assertThat(executor.events).endsWith("kill t1", "message hello");
    eventually().until(() -> agent.calls(Call.Type.MESSAGE).size() == 1);
    assertThat(agent.calls(Call.Type.MESSAGE).get(0).getMessage().getData().toStringUtf8())
        .isEqualTo("pong");
  }

  @Test
  void withoutCheckpointingItShutsDownWhenTheAgentGoes() throws Exception {
    startDriver("0", "15mins");

    agent.stop();

    eventually().until(() -> driver.status() == Status.DRIVER_ABORTED);
    assertThat(executor.events).containsExactly("registered ex-1 fw-1 agent-1", "shutdown");
    assertThat(driver.join()).isEqualTo(Status.DRIVER_ABORTED);
  }

  @Test
  void itGivesUpOnAnAgentThatDoesNotComeBackWithinTheRecoveryTimeout() throws Exception {
    startDriver("1", "300ms");

    agent.stop();

    eventually().until(() -> driver.status() == Status.DRIVER_ABORTED);
    assertThat(executor.events)
        .containsExactly("registered ex-1 fw-1 agent-1", "disconnected", "shutdown");
    assertThat(agent.calls(Call.Type.SUBSCRIBE)).hasSize(1);
  }

  @Test
  void aShutdownEventShutsTheExecutorDownAndStopsTheDriver() throws Exception {
    startDriver("1", "15mins");

    agent.send(Event.newBuilder().setType(Event.Type.SHUTDOWN).build());

    assertThat(driver.join()).isEqualTo(Status.DRIVER_STOPPED);
    assertThat(executor.events).containsExactly("registered ex-1 fw-1 agent-1", "shutdown");
    eventually().until(() -> !agent.streamOpen());
  }

  @Test
  void aStagingUpdateIsAnErrorAndAbortsTheDriver() throws Exception {
    startDriver("1", "15mins");

    assertThat(driver.sendStatusUpdate(status("t1", TaskState.TASK_STAGING)))
        .isEqualTo(Status.DRIVER_ABORTED);

    eventually().until(() -> driver.status() == Status.DRIVER_ABORTED);
    assertThat(executor.events.get(1)).startsWith("error ").contains("TASK_STAGING");
    eventually()
        .during(Duration.ofMillis(100))
        .until(() -> agent.calls(Call.Type.UPDATE).isEmpty());
  }

  @Test
  void anErrorEventAborts() throws Exception {
    startDriver("1", "15mins");

    agent.send(
        Event.newBuilder()
            .setType(Event.Type.ERROR)
            .setError(Event.Error.newBuilder().setMessage("Executor is unknown"))
            .build());

    assertThat(driver.join()).isEqualTo(Status.DRIVER_ABORTED);
    assertThat(executor.events).endsWith("error Executor is unknown");
  }
}
