package io.talus.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegistryBatch;
import io.talus.protocol.registry.RegistryBatchResult;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.Rejected;
import io.talus.protocol.registry.RequestId;
import io.talus.protocol.tasks.TaskStates;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The generator is only worth what it exercises: these check that one seeded run covers every op,
 * both outcomes of the interesting rules, retries and realistic task lifecycles.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryOpGeneratorTest {

  private static final long SEED = 42;
  private static final int ENTRIES = 3_000;

  private final List<RegistryBatch> batches = new ArrayList<>();
  private final List<RegistryBatchResult> results = new ArrayList<>();
  private Registry registry;

  @BeforeAll
  void run() {
    registry = new Registry();
    RegistryOpGenerator generator = new RegistryOpGenerator(SEED);
    for (int i = 1; i <= ENTRIES; i++) {
      RegistryBatch batch = generator.nextBatch(registry, 8);
      batches.add(batch);
      results.add(registry.applyEntry(1, i, batch));
    }
  }

  private List<RegistryOp> ops() {
    return batches.stream().flatMap(b -> b.getOpsList().stream()).toList();
  }

  private List<OpResult> opResults() {
    return results.stream().flatMap(r -> r.getResultsList().stream()).toList();
  }

  @Test
  void sameSeedAndViewGiveTheSameEntries() {
    Registry other = new Registry();
    RegistryOpGenerator generator = new RegistryOpGenerator(SEED);
    for (int i = 1; i <= ENTRIES; i++) {
      RegistryBatch batch = generator.nextBatch(other, 8);
      assertThat(batch).as("entry %d", i).isEqualTo(batches.get(i - 1));
      other.applyEntry(1, i, batch);
    }
  }

  @Test
  void differentSeedsGiveDifferentClusters() {
    assertThat(new RegistryOpGenerator(1).clusterId()).isNotEqualTo(new RegistryOpGenerator(2).clusterId());
  }

  @Test
  void firstOpInitializesTheClusterAndEveryBatchRespectsItsSize() {
    assertThat(batches.get(0).getOps(0).hasInitializeCluster()).isTrue();
    assertThat(results.get(0).getResults(0).hasAccepted()).isTrue();
    assertThat(batches).allSatisfy(b -> assertThat(b.getOpsCount()).isBetween(1, 8));
    RegistryOpGenerator exact = new RegistryOpGenerator(7);
    Registry view = new Registry();
    for (int i = 1; i <= 20; i++) {
      RegistryBatch batch = exact.nextBatch(view, 16, 16);
      assertThat(batch.getOpsCount()).isEqualTo(16);
      view.applyEntry(1, i, batch);
    }
  }

  @Test
  void timeIncreasesStrictlyFromTheFixedStart() {
    long previous = RegistryOpGenerator.START_NANOS;
    for (RegistryOp op : ops()) {
      assertThat(op.hasTimeNanos()).isTrue();
      assertThat(op.getTimeNanos()).isGreaterThan(previous);
      previous = op.getTimeNanos();
    }
  }

  @Test
  void everyOpKindIsGeneratedIncludingOneWithNoCase() {
    Set<RegistryOp.OpCase> seen = EnumSet.noneOf(RegistryOp.OpCase.class);
    ops().forEach(op -> seen.add(op.getOpCase()));
    assertThat(seen).containsAll(EnumSet.allOf(RegistryOp.OpCase.class));
  }

  @Test
  void mostOpsAreAcceptedAndEveryInterestingRejectionOccurs() {
    Map<Rejected.Reason, Integer> rejections = new EnumMap<>(Rejected.Reason.class);
    int accepted = 0;
    for (OpResult r : opResults()) {
      if (r.hasAccepted()) {
        accepted++;
      } else {
        rejections.merge(r.getRejected().getReason(), 1, Integer::sum);
      }
    }
    assertThat(accepted).isGreaterThan(opResults().size() * 6 / 10);
    assertThat(rejections.keySet()).contains(
        Rejected.Reason.CLUSTER_ALREADY_INITIALIZED, Rejected.Reason.INVALID_OP, Rejected.Reason.UNKNOWN_AGENT,
        Rejected.Reason.AGENT_NOT_ACTIVE, Rejected.Reason.AGENT_GONE, Rejected.Reason.UNKNOWN_FRAMEWORK,
        Rejected.Reason.FRAMEWORK_REMOVED, Rejected.Reason.DUPLICATE_TASK_ID,
        Rejected.Reason.UNKNOWN_TASK, Rejected.Reason.TASK_ALREADY_TERMINAL, Rejected.Reason.UUID_MISMATCH);
  }

  @Test
  void aboutHalfTheOpsCarryARequestIdAndSomeAreRetriedWithTheSameBody() {
    List<RegistryOp> ops = ops();
    long withId = ops.stream().filter(RegistryOp::hasRequestId).count();
    assertThat((double) withId / ops.size()).isBetween(0.4, 0.65);
    Map<RequestId, RegistryOp> first = new HashMap<>();
    int retries = 0;
    for (RegistryOp op : ops) {
      if (!op.hasRequestId()) {
        continue;
      }
      RegistryOp body = op.toBuilder().clearTimeNanos().build();
      RegistryOp earlier = first.putIfAbsent(op.getRequestId(), body);
      if (earlier != null) {
        assertThat(body).as("a retry repeats the body").isEqualTo(earlier);
        retries++;
      }
    }
    assertThat(retries).isGreaterThan(ops.size() / 100);
  }

  @Test
  void tasksGoThroughTheirLifecycleAndLeaveWhenAcknowledged() {
    Set<String> reachedRunning = new HashSet<>();
    Set<String> reachedTerminal = new HashSet<>();
    int retransmissions = 0;
    Map<String, com.google.protobuf.ByteString> lastUuid = new HashMap<>();
    for (RegistryOp op : ops()) {
      if (op.hasUpdateTaskStatus()) {
        var status = op.getUpdateTaskStatus().getStatus();
        String key = op.getUpdateTaskStatus().getFrameworkId().getValue() + "/" + status.getTaskId().getValue();
        if (status.getUuid().equals(lastUuid.put(key, status.getUuid()))) {
          retransmissions++;
        }
        if (status.getState() == io.talus.mesos.v1.Protos.TaskState.TASK_RUNNING) {
          reachedRunning.add(key);
        } else if (TaskStates.isTerminal(status.getState())) {
          reachedTerminal.add(key);
        }
      }
    }
    assertThat(reachedRunning).hasSizeGreaterThan(100);
    assertThat(reachedTerminal).hasSizeGreaterThan(100);
    assertThat(retransmissions).isGreaterThan(20);
    assertThat((long) registry.taskCount()).as("terminal, acknowledged tasks leave").isLessThan(launchedTaskCount());
    assertThat(registry.agents()).isNotEmpty();
    assertThat(registry.frameworks()).isNotEmpty();
  }

  private long launchedTaskCount() {
    long n = 0;
    for (int i = 0; i < batches.size(); i++) {
      for (int p = 0; p < batches.get(i).getOpsCount(); p++) {
        if (batches.get(i).getOps(p).hasLaunchTasks() && results.get(i).getResults(p).hasAccepted()) {
          n += batches.get(i).getOps(p).getLaunchTasks().getTasksCount();
        }
      }
    }
    return n;
  }
}
