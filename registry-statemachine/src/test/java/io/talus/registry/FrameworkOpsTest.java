package io.talus.registry;

import static io.talus.registry.RegistryOps.launch;
import static io.talus.registry.RegistryOps.status;
import static io.talus.registry.RegistryOps.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.protocol.registry.FrameworkRecord;
import io.talus.protocol.registry.OpResult;
import io.talus.storage.Mutation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RegisterFramework, ReregisterFramework, DisconnectFramework and RemoveFramework. */
class FrameworkOpsTest {

  private final RegistryHarness harness = new RegistryHarness();
  private final Registry registry = harness.registry();
  private String agent;

  @BeforeEach
  void initialize() {
    harness.initialize("c1");
    agent = harness.registerAgent("a.example.com");
  }

  @Test
  void registerFrameworkAssignsAnIdAndRecordsTheFrameworkActive() {
    FrameworkInfo info = RegistryOps.frameworkInfo("marathon");

    OpResult result = harness.apply(RegistryOps.registerFramework(info));

    String id = "c1-0003-0";
    assertThat(result.getAccepted().getFrameworkId().getValue()).isEqualTo(id);
    assertThat(registry.framework(id)).hasValue(FrameworkRecord.newBuilder()
        .setInfo(info.toBuilder().setId(RegistryOps.frameworkId(id)))
        .setState(FrameworkRecord.State.ACTIVE)
        .setRegisteredTimeNanos(harness.clockNanos())
        .build());
  }

  @Test
  void disconnectRecordsTheTimeAndFailoverDeadline() {
    String framework = harness.registerFramework("marathon");

    OpResult result = harness.apply(RegistryOps.disconnectFramework(framework, 99_000));

    assertThat(result.hasAccepted()).isTrue();
    FrameworkRecord record = registry.framework(framework).orElseThrow();
    assertThat(record.getState()).isEqualTo(FrameworkRecord.State.DISCONNECTED);
    assertThat(record.getDisconnectedTimeNanos()).isEqualTo(harness.clockNanos());
    assertThat(record.getFailoverDeadlineNanos()).isEqualTo(99_000);
  }

  @Test
  void reregisterOfADisconnectedFrameworkMakesItActiveAndClearsTheDeadline() {
    String framework = harness.registerFramework("marathon");
    long registeredAt = harness.clockNanos();
    harness.accept(RegistryOps.disconnectFramework(framework, 99_000));
    FrameworkInfo failedOver = RegistryOps.frameworkInfo("marathon").toBuilder()
        .setId(RegistryOps.frameworkId(framework))
        .setFailoverTimeout(120)
        .setHostname("standby.example.com")
        .build();

    OpResult result = harness.apply(RegistryOps.reregisterFramework(failedOver));

    assertThat(result.getAccepted().getFrameworkId().getValue()).isEqualTo(framework);
    FrameworkRecord record = registry.framework(framework).orElseThrow();
    assertThat(record.getState()).isEqualTo(FrameworkRecord.State.ACTIVE);
    assertThat(record.getInfo()).isEqualTo(failedOver);
    assertThat(record.hasDisconnectedTimeNanos()).isFalse();
    assertThat(record.hasFailoverDeadlineNanos()).isFalse();
    assertThat(record.getRegisteredTimeNanos()).isEqualTo(registeredAt);
    assertThat(record.getReregisteredTimeNanos()).isEqualTo(harness.clockNanos());
    harness.accept(launch(framework, agent, "t1"));
  }

  @Test
  void reregisterOfAFrameworkTheRegistryNeverSawAdmitsIt() {
    OpResult result = harness.apply(RegistryOps.reregisterFramework("old-0007-0", "marathon"));

    assertThat(result.getAccepted().getFrameworkId().getValue()).isEqualTo("old-0007-0");
    FrameworkRecord record = registry.framework("old-0007-0").orElseThrow();
    assertThat(record.getState()).isEqualTo(FrameworkRecord.State.ACTIVE);
    assertThat(record.getRegisteredTimeNanos()).isEqualTo(harness.clockNanos());
  }

  @Test
  void tasksOfADisconnectedFrameworkKeepReceivingStatusUpdates() {
    String framework = harness.registerFramework("marathon");
    harness.accept(launch(framework, agent, "t1"));
    harness.accept(RegistryOps.disconnectFramework(framework, 99_000));

    OpResult result = harness.apply(status(framework, agent, "t1", TaskState.TASK_RUNNING, uuid(1)));

    assertThat(result.hasAccepted()).isTrue();
    assertThat(registry.task(framework, "t1").orElseThrow().getLatestStatus().getState())
        .isEqualTo(TaskState.TASK_RUNNING);
  }

  @Test
  void removeFrameworkRetiresAllItsTasksAndKeepsItsRecordAsRemoved() {
    String framework = harness.registerFramework("marathon");
    String other = harness.registerFramework("aurora");
    String secondAgent = harness.registerAgent("b.example.com");
    harness.accept(launch(framework, agent, "t1", "t2"));
    harness.accept(launch(framework, secondAgent, "t3"));
    harness.accept(status(framework, agent, "t2", TaskState.TASK_FINISHED, uuid(2)));
    harness.accept(launch(other, agent, "t1"));
    registry.drainChanges();

    OpResult result = harness.apply(RegistryOps.removeFramework(framework));

    assertThat(result.hasAccepted()).isTrue();
    FrameworkRecord record = registry.framework(framework).orElseThrow();
    assertThat(record.getState()).isEqualTo(FrameworkRecord.State.REMOVED);
    assertThat(record.getRemovedTimeNanos()).isEqualTo(harness.clockNanos());
    assertThat(registry.tasksOf(framework)).isEmpty();
    assertThat(registry.tasksOnAgent(secondAgent)).isEmpty();
    assertThat(registry.tasksOnAgent(agent)).extracting(t -> t.getFrameworkId().getValue()).containsExactly(other);
    assertThat(registry.taskCount()).isEqualTo(1);
    assertThat(registry.drainChanges()).filteredOn(Mutation::isDelete).hasSize(3);
  }

  @Test
  void removeFrameworkTwiceIsAcceptedAndChangesNothing() {
    String framework = harness.registerFramework("marathon");
    harness.accept(RegistryOps.removeFramework(framework));
    FrameworkRecord removed = registry.framework(framework).orElseThrow();
    registry.drainChanges();

    OpResult again = harness.apply(RegistryOps.removeFramework(framework));

    assertThat(again.hasAccepted()).isTrue();
    assertThat(registry.framework(framework)).hasValue(removed);
    assertThat(RegistryRecords.kinds(registry.drainChanges())).containsExactly(RegistryRecords.APPLIED_KIND);
  }

  @Test
  void disconnectedFrameworkCanBeRemoved() {
    String framework = harness.registerFramework("marathon");
    harness.accept(RegistryOps.disconnectFramework(framework, 1));

    harness.accept(RegistryOps.removeFramework(framework));

    assertThat(registry.framework(framework).orElseThrow().getState()).isEqualTo(FrameworkRecord.State.REMOVED);
  }
}
