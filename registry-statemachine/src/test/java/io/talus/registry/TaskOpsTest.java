package io.talus.registry;

import static io.talus.registry.RegistryOps.ack;
import static io.talus.registry.RegistryOps.launch;
import static io.talus.registry.RegistryOps.status;
import static io.talus.registry.RegistryOps.task;
import static io.talus.registry.RegistryOps.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.registry.LaunchTasks;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.Rejected;
import io.talus.protocol.registry.TaskRecord;
import io.talus.storage.Mutation;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LaunchTasks, UpdateTaskStatus and AcknowledgeTaskStatus. */
class TaskOpsTest {

  private final RegistryHarness harness = new RegistryHarness();
  private final Registry registry = harness.registry();
  private String framework;
  private String agent;

  @BeforeEach
  void initialize() {
    harness.initialize("c1");
    framework = harness.registerFramework("marathon");
    agent = harness.registerAgent("a.example.com");
  }

  private TaskRecord record(String id) {
    return registry.task(framework, id).orElseThrow(() -> new AssertionError("no task " + id));
  }

  @Test
  void launchRecordsEachTaskStagingAsTheMasterSawIt() {
    OpResult result = harness.apply(launch(framework, agent, "t1", "t2"));
    long now = harness.clockNanos();

    assertThat(result.hasAccepted()).isTrue();
    for (String id : List.of("t1", "t2")) {
      assertThat(record(id)).isEqualTo(TaskRecord.newBuilder()
          .setFrameworkId(RegistryOps.frameworkId(framework))
          .setAgentId(RegistryOps.agentId(agent))
          .setInfo(task(agent, id))
          .setLaunchedTimeNanos(now)
          .setAcknowledged(true)
          .setLatestStatus(TaskStatus.newBuilder()
              .setTaskId(RegistryOps.taskId(id))
              .setState(TaskState.TASK_STAGING)
              .setAgentId(RegistryOps.agentId(agent))
              .setSource(TaskStatus.Source.SOURCE_MASTER)
              .setTimestamp(now / 1e9))
          .build());
    }
    assertThat(registry.taskCount()).isEqualTo(2);
    assertThat(registry.tasksOf(framework)).hasSize(2);
    assertThat(registry.tasksOnAgent(agent)).extracting(t -> t.getInfo().getTaskId().getValue())
        .containsExactly("t1", "t2");
  }

  @Test
  void launchRecordsEachTasksExecutorOrTheGroupsExecutor() {
    TaskInfo own = task(agent, "own").toBuilder().clearCommand().setExecutor(RegistryOps.executor("own-e")).build();
    harness.accept(launch(framework, agent, List.of(own, task(agent, "command"))));
    RegistryOp group = launch(framework, agent, List.of(task(agent, "g1"),
        task(agent, "g2").toBuilder().setExecutor(RegistryOps.executor("g2-e")).build()));
    harness.accept(group.toBuilder()
        .setLaunchTasks(group.getLaunchTasks().toBuilder().setExecutor(RegistryOps.executor("group-e")))
        .build());

    assertThat(record("own").getExecutorId().getValue()).isEqualTo("own-e");
    assertThat(record("own").getLatestStatus().getExecutorId().getValue()).isEqualTo("own-e");
    assertThat(record("command").hasExecutorId()).isFalse();
    assertThat(record("command").getLatestStatus().hasExecutorId()).isFalse();
    assertThat(record("g1").getExecutorId().getValue()).isEqualTo("group-e");
    assertThat(record("g2").getExecutorId().getValue()).as("the task's own executor wins").isEqualTo("g2-e");
  }

  @Test
  void taskIdsAreScopedToTheirFramework() {
    String other = harness.registerFramework("aurora");
    harness.accept(launch(framework, agent, "t1"));

    OpResult result = harness.apply(launch(other, agent, "t1"));

    assertThat(result.hasAccepted()).isTrue();
    assertThat(registry.taskCount()).isEqualTo(2);
  }

  @Test
  void launchIsAllOrNothing() {
    harness.accept(launch(framework, agent, "existing"));
    byte[] before = RegistryRecords.streamWithoutApplied(registry);

    OpResult result = harness.apply(launch(framework, agent, "new1", "new2", "existing"));

    assertThat(result.getRejected().getReason()).isEqualTo(Rejected.Reason.DUPLICATE_TASK_ID);
    assertThat(result.getRejected().getMessage()).contains("existing");
    assertThat(registry.task(framework, "new1")).isEmpty();
    assertThat(registry.task(framework, "new2")).isEmpty();
    assertThat(RegistryRecords.streamWithoutApplied(registry)).isEqualTo(before);
  }

  @Test
  void taskIdRepeatedWithinOneLaunchIsADuplicate() {
    OpResult result = harness.apply(RegistryOp.newBuilder().setLaunchTasks(LaunchTasks.newBuilder()
        .setFrameworkId(RegistryOps.frameworkId(framework))
        .setAgentId(RegistryOps.agentId(agent))
        .addTasks(task(agent, "t1"))
        .addTasks(task(agent, "t1").toBuilder().setName("another")))
        .build());

    assertThat(result.getRejected().getReason()).isEqualTo(Rejected.Reason.DUPLICATE_TASK_ID);
    assertThat(registry.taskCount()).isZero();
  }

  @Test
  void statusUpdatesAndAcknowledgementsCarryATaskThroughItsLifecycle() {
    harness.accept(launch(framework, agent, "t1"));

    harness.accept(status(framework, agent, "t1", TaskState.TASK_STARTING, uuid(1)));
    assertThat(record("t1").getLatestStatus().getState()).isEqualTo(TaskState.TASK_STARTING);
    assertThat(record("t1").getLatestStatus().getUuid()).isEqualTo(uuid(1));
    assertThat(record("t1").getAcknowledged()).isFalse();

    harness.accept(ack(framework, "t1", uuid(1)));
    assertThat(record("t1").getAcknowledged()).isTrue();

    harness.accept(status(framework, agent, "t1", TaskState.TASK_RUNNING, uuid(2)));
    harness.accept(ack(framework, "t1", uuid(2)));
    assertThat(record("t1").getLatestStatus().getState()).isEqualTo(TaskState.TASK_RUNNING);

    harness.accept(status(framework, agent, "t1", TaskState.TASK_FINISHED, uuid(3)));
    assertThat(record("t1").getLatestStatus().getState()).as("terminal, awaiting its ack").isEqualTo(TaskState.TASK_FINISHED);
    assertThat(record("t1").getAcknowledged()).isFalse();
    registry.drainChanges();

    harness.accept(ack(framework, "t1", uuid(3)));

    assertThat(registry.task(framework, "t1")).as("terminal and acknowledged: retired").isEmpty();
    assertThat(registry.tasksOnAgent(agent)).isEmpty();
    assertThat(registry.tasksOf(framework)).isEmpty();
    assertThat(registry.drainChanges()).filteredOn(Mutation::isDelete).hasSize(1);
  }

  @Test
  void statusStoredAsSentKeepingItsOwnTimestamp() {
    harness.accept(launch(framework, agent, "t1"));
    TaskStatus sent = TaskStatus.newBuilder()
        .setTaskId(RegistryOps.taskId("t1"))
        .setState(TaskState.TASK_RUNNING)
        .setAgentId(RegistryOps.agentId(agent))
        .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
        .setTimestamp(1234.5)
        .setHealthy(true)
        .setUuid(uuid(1))
        .build();

    harness.accept(status(framework, sent));

    assertThat(record("t1").getLatestStatus()).isEqualTo(sent);
  }

  @Test
  void statusWithoutAgentOrTimestampGetsTheTasksAgentAndTheLeadersTime() {
    harness.accept(launch(framework, agent, "t1"));

    harness.accept(status(framework, TaskStatus.newBuilder()
        .setTaskId(RegistryOps.taskId("t1"))
        .setState(TaskState.TASK_RUNNING)
        .setUuid(uuid(1))
        .build()));

    TaskStatus stored = record("t1").getLatestStatus();
    assertThat(stored.getAgentId().getValue()).isEqualTo(agent);
    assertThat(stored.getTimestamp()).isEqualTo(harness.clockNanos() / 1e9);
  }

  @Test
  void retransmittedTerminalUpdateWithTheSameUuidIsAcceptedAndChangesNothing() {
    harness.accept(launch(framework, agent, "t1"));
    RegistryOp finished = status(framework, agent, "t1", TaskState.TASK_FINISHED, uuid(3));
    harness.accept(finished);
    TaskRecord before = record("t1");
    registry.drainChanges();

    OpResult retransmitted = harness.apply(finished);

    assertThat(retransmitted.hasAccepted()).isTrue();
    assertThat(record("t1")).isEqualTo(before);
    assertThat(RegistryRecords.kinds(registry.drainChanges())).containsExactly(RegistryRecords.APPLIED_KIND);
  }

  @Test
  void retransmittedTerminalUpdateAfterItsAcknowledgementFindsNoTask() {
    harness.accept(launch(framework, agent, "t1"));
    RegistryOp finished = status(framework, agent, "t1", TaskState.TASK_FINISHED, uuid(3));
    harness.accept(finished);
    harness.accept(ack(framework, "t1", uuid(3)));

    OpResult late = harness.apply(finished);

    assertThat(late.getRejected().getReason()).isEqualTo(Rejected.Reason.UNKNOWN_TASK);
  }

  @Test
  void terminalStatusWithoutUuidRetiresTheTaskAtOnce() {
    harness.accept(launch(framework, agent, "t1", "t2"));

    OpResult result = harness.apply(status(framework, agent, "t1", TaskState.TASK_LOST, null));

    assertThat(result.hasAccepted()).isTrue();
    assertThat(registry.task(framework, "t1")).isEmpty();
    assertThat(registry.task(framework, "t2")).isPresent();
  }

  @Test
  void nonTerminalStatusWithoutUuidNeedsNoAcknowledgement() {
    harness.accept(launch(framework, agent, "t1"));

    harness.accept(status(framework, agent, "t1", TaskState.TASK_RUNNING, null));

    assertThat(record("t1").getLatestStatus().getState()).isEqualTo(TaskState.TASK_RUNNING);
    assertThat(record("t1").getAcknowledged()).isTrue();
  }

  @Test
  void acknowledgementOfASupersededUpdateIsAUuidMismatch() {
    harness.accept(launch(framework, agent, "t1"));
    harness.accept(status(framework, agent, "t1", TaskState.TASK_STARTING, uuid(1)));
    harness.accept(status(framework, agent, "t1", TaskState.TASK_RUNNING, uuid(2)));

    OpResult stale = harness.apply(ack(framework, "t1", uuid(1)));

    assertThat(stale.getRejected().getReason()).isEqualTo(Rejected.Reason.UUID_MISMATCH);
    assertThat(record("t1").getAcknowledged()).isFalse();
    harness.accept(ack(framework, "t1", uuid(2)));
    assertThat(record("t1").getAcknowledged()).isTrue();
  }

  @Test
  void terminalTaskAwaitingAcknowledgementKeepsItsIdTaken() {
    harness.accept(launch(framework, agent, "t1"));
    harness.accept(status(framework, agent, "t1", TaskState.TASK_FAILED, uuid(1)));

    OpResult relaunch = harness.apply(launch(framework, agent, "t1"));

    assertThat(relaunch.getRejected().getReason()).isEqualTo(Rejected.Reason.DUPLICATE_TASK_ID);
  }
}
