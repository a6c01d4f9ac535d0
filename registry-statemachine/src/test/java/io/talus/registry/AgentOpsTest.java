package io.talus.registry;

import static io.talus.registry.RegistryOps.ack;
import static io.talus.registry.RegistryOps.launch;
import static io.talus.registry.RegistryOps.markUnreachable;
import static io.talus.registry.RegistryOps.removeAgent;
import static io.talus.registry.RegistryOps.status;
import static io.talus.registry.RegistryOps.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.Protos.TimeInfo;
import io.talus.protocol.registry.AgentRecord;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.TaskRecord;
import io.talus.storage.Mutation;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RegisterAgent, ReregisterAgent, MarkAgentUnreachable and RemoveAgent, and what they do to tasks. */
class AgentOpsTest {

  private final RegistryHarness harness = new RegistryHarness();
  private final Registry registry = harness.registry();
  private String framework;

  @BeforeEach
  void initialize() {
    harness.initialize("c1");
    framework = harness.registerFramework("marathon");
  }

  @Test
  void registerAgentAssignsAnIdAndRecordsTheAgentActive() {
    AgentInfo info = RegistryOps.agentInfo("a.example.com");

    OpResult result = harness.apply(RegistryOps.registerAgent(info));

    String id = "c1-S3-0";
    assertThat(result.getAccepted().getAgentId().getValue()).isEqualTo(id);
    assertThat(registry.agent(id)).hasValue(AgentRecord.newBuilder()
        .setInfo(info.toBuilder().setId(RegistryOps.agentId(id)))
        .setState(AgentRecord.State.ACTIVE)
        .setEndpoint("a.example.com:5051")
        .setVersion("1.11.0")
        .setRegisteredTimeNanos(harness.clockNanos())
        .build());
  }

  @Test
  void reregisterBringsAnUnreachableAgentBackActiveWithItsNewInfo() {
    String agent = harness.registerAgent("a.example.com");
    long registeredAt = harness.clockNanos();
    harness.accept(markUnreachable(agent));
    AgentInfo updated = RegistryOps.agentInfo("a.example.com").toBuilder()
        .setId(RegistryOps.agentId(agent))
        .addResources(RegistryOps.scalar("disk", 10_000))
        .build();

    OpResult result = harness.apply(RegistryOps.reregisterAgent(updated));

    assertThat(result.getAccepted().getAgentId().getValue()).isEqualTo(agent);
    AgentRecord record = registry.agent(agent).orElseThrow();
    assertThat(record.getState()).isEqualTo(AgentRecord.State.ACTIVE);
    assertThat(record.getInfo()).isEqualTo(updated);
    assertThat(record.hasUnreachableTimeNanos()).isFalse();
    assertThat(record.getRegisteredTimeNanos()).isEqualTo(registeredAt);
    assertThat(record.getReregisteredTimeNanos()).isEqualTo(harness.clockNanos());
    harness.accept(launch(framework, agent, "t1"));
  }

  @Test
  void reregisterOfAnAgentTheRegistryNeverSawAdmitsItWithItsOwnId() {
    OpResult result = harness.apply(RegistryOps.reregisterAgent("old-cluster-S9-0", "a.example.com"));

    assertThat(result.getAccepted().getAgentId().getValue()).isEqualTo("old-cluster-S9-0");
    AgentRecord record = registry.agent("old-cluster-S9-0").orElseThrow();
    assertThat(record.getState()).isEqualTo(AgentRecord.State.ACTIVE);
    assertThat(record.getRegisteredTimeNanos()).isEqualTo(harness.clockNanos());
    assertThat(record.hasReregisteredTimeNanos()).isFalse();
  }

  @Test
  void markUnreachableGivesEveryNonTerminalTaskOfTheAgentAMasterGeneratedUnreachableStatus() {
    String agent = harness.registerAgent("a.example.com");
    String other = harness.registerAgent("b.example.com");
    TaskInfo withExecutor = RegistryOps.task(agent, "with-executor").toBuilder()
        .clearCommand().setExecutor(RegistryOps.executor("e1")).build();
    harness.accept(launch(framework, agent, List.of(RegistryOps.task(agent, "staging"),
        RegistryOps.task(agent, "running"), RegistryOps.task(agent, "finished"), withExecutor)));
    harness.accept(launch(framework, other, "elsewhere"));
    harness.accept(status(framework, agent, "running", TaskState.TASK_RUNNING, uuid(1)));
    harness.accept(status(framework, agent, "finished", TaskState.TASK_FINISHED, uuid(2)));
    TaskRecord finishedBefore = registry.task(framework, "finished").orElseThrow();
    TaskRecord elsewhereBefore = registry.task(framework, "elsewhere").orElseThrow();

    OpResult result = harness.apply(markUnreachable(agent));
    long now = harness.clockNanos();

    assertThat(result.hasAccepted()).isTrue();
    AgentRecord record = registry.agent(agent).orElseThrow();
    assertThat(record.getState()).isEqualTo(AgentRecord.State.UNREACHABLE);
    assertThat(record.getUnreachableTimeNanos()).isEqualTo(now);
    for (String task : List.of("staging", "running", "with-executor")) {
      TaskRecord t = registry.task(framework, task).orElseThrow();
      TaskStatus s = t.getLatestStatus();
      assertThat(s.getState()).as(task).isEqualTo(TaskState.TASK_UNREACHABLE);
      assertThat(s.getSource()).as(task).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
      assertThat(s.getReason()).as(task).isEqualTo(TaskStatus.Reason.REASON_AGENT_REMOVED);
      assertThat(s.getUnreachableTime()).as(task).isEqualTo(TimeInfo.newBuilder().setNanoseconds(now).build());
      assertThat(s.hasUuid()).as("%s: a master-generated status has no uuid", task).isFalse();
      assertThat(s.getAgentId().getValue()).isEqualTo(agent);
      assertThat(s.getTaskId().getValue()).isEqualTo(task);
      assertThat(s.getTimestamp()).isEqualTo(now / 1e9);
      assertThat(s.getMessage()).contains(agent);
      assertThat(t.getAcknowledged()).as("%s: nothing to acknowledge", task).isTrue();
    }
    assertThat(registry.task(framework, "with-executor").orElseThrow().getLatestStatus().getExecutorId().getValue())
        .isEqualTo("e1");
    assertThat(registry.task(framework, "finished")).as("terminal tasks keep their status").hasValue(finishedBefore);
    assertThat(registry.task(framework, "elsewhere")).as("other agents' tasks are untouched").hasValue(elsewhereBefore);
  }

  @Test
  void markUnreachableOfAnUnreachableAgentIsAcceptedAndKeepsTheFirstTime() {
    String agent = harness.registerAgent("a.example.com");
    harness.accept(launch(framework, agent, "t1"));
    harness.accept(markUnreachable(agent));
    long firstTime = harness.clockNanos();
    registry.drainChanges();

    OpResult again = harness.apply(markUnreachable(agent));

    assertThat(again.hasAccepted()).isTrue();
    assertThat(registry.agent(agent).orElseThrow().getUnreachableTimeNanos()).isEqualTo(firstTime);
    assertThat(registry.task(framework, "t1").orElseThrow().getLatestStatus().getUnreachableTime().getNanoseconds())
        .isEqualTo(firstTime);
    assertThat(RegistryRecords.kinds(registry.drainChanges())).containsExactly(RegistryRecords.APPLIED_KIND);
  }

  @Test
  void tasksOfAReturningAgentStayUnreachableUntilTheAgentReportsThem() {
    String agent = harness.registerAgent("a.example.com");
    harness.accept(launch(framework, agent, "t1"));
    harness.accept(markUnreachable(agent));

    harness.accept(RegistryOps.reregisterAgent(registry.agent(agent).orElseThrow().getInfo()));
    assertThat(registry.task(framework, "t1").orElseThrow().getLatestStatus().getState())
        .isEqualTo(TaskState.TASK_UNREACHABLE);

    harness.accept(status(framework, agent, "t1", TaskState.TASK_RUNNING, uuid(7)));
    assertThat(registry.task(framework, "t1").orElseThrow().getLatestStatus().getState())
        .isEqualTo(TaskState.TASK_RUNNING);
  }

  /**
   * The TASK_GONE (or TASK_GONE_BY_OPERATOR) status carries no uuid, so it needs no acknowledgement
   * and the task is retired in the same op: the registry never shows the GONE status itself.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void removeAgentMarksItGoneAndRetiresItsNonTerminalTasks(boolean byOperator) {
    String agent = harness.registerAgent("a.example.com");
    String other = harness.registerAgent("b.example.com");
    harness.accept(launch(framework, agent, "staging", "running", "finished"));
    harness.accept(launch(framework, other, "elsewhere"));
    harness.accept(status(framework, agent, "running", TaskState.TASK_RUNNING, uuid(1)));
    harness.accept(status(framework, agent, "finished", TaskState.TASK_FINISHED, uuid(2)));
    registry.drainChanges();

    OpResult result = harness.apply(removeAgent(agent, byOperator));

    assertThat(result.hasAccepted()).isTrue();
    AgentRecord record = registry.agent(agent).orElseThrow();
    assertThat(record.getState()).isEqualTo(AgentRecord.State.GONE);
    assertThat(record.getGoneTimeNanos()).isEqualTo(harness.clockNanos());
    assertThat(registry.task(framework, "staging")).isEmpty();
    assertThat(registry.task(framework, "running")).isEmpty();
    assertThat(registry.tasksOnAgent(agent)).extracting(t -> t.getInfo().getTaskId().getValue())
        .as("a terminal task still awaiting its acknowledgement stays").containsExactly("finished");
    assertThat(registry.task(framework, "elsewhere")).isPresent();
    assertThat(registry.drainChanges()).filteredOn(Mutation::isDelete).hasSize(2);

    harness.accept(ack(framework, "finished", uuid(2)));
    assertThat(registry.tasksOnAgent(agent)).isEmpty();
  }

  @Test
  void removeAgentRetiresTheUnreachableTasksOfAnUnreachableAgent() {
    String agent = harness.registerAgent("a.example.com");
    harness.accept(launch(framework, agent, "t1", "t2"));
    harness.accept(markUnreachable(agent));

    harness.accept(removeAgent(agent, false));

    assertThat(registry.tasksOnAgent(agent)).isEmpty();
    assertThat(registry.taskCount()).isZero();
  }

  @Test
  void removeAgentTwiceIsAcceptedAndChangesNothing() {
    String agent = harness.registerAgent("a.example.com");
    harness.accept(removeAgent(agent, false));
    AgentRecord gone = registry.agent(agent).orElseThrow();
    registry.drainChanges();

    OpResult again = harness.apply(removeAgent(agent, true));

    assertThat(again.hasAccepted()).isTrue();
    assertThat(registry.agent(agent)).hasValue(gone);
    assertThat(RegistryRecords.kinds(registry.drainChanges())).containsExactly(RegistryRecords.APPLIED_KIND);
  }
}
