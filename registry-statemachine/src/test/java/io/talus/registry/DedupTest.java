package io.talus.registry;

import static io.talus.registry.RegistryOps.initialize;
import static io.talus.registry.RegistryOps.launch;
import static io.talus.registry.RegistryOps.registerFramework;
import static io.talus.registry.RegistryOps.updateRole;
import static io.talus.registry.RegistryOps.withRequestId;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegistryBatchResult;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.Rejected;
import io.talus.storage.Mutation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Idempotency: an op retried with the same RequestId is applied at most once. */
class DedupTest {

  private static final byte DEDUP_KIND = 0x20;

  private final RegistryHarness harness = new RegistryHarness();
  private final Registry registry = harness.registry();
  private long bulkSequence;

  @Test
  void retryGetsTheFirstResultAndChangesNothingButTheAppliedIndex() {
    RegistryHarness twin = new RegistryHarness();
    RegistryOp register = withRequestId(registerFramework("marathon"), "scheduler-api", 1);
    twin.initialize("c1");
    twin.apply(register);
    harness.initialize("c1");
    OpResult first = harness.apply(register);
    assertThat(first.getAccepted().getFrameworkId().getValue()).isEqualTo("c1-0002-0");
    registry.drainChanges();

    OpResult retried = harness.apply(register);
    twin.applyEmptyEntry();

    assertThat(retried).isEqualTo(first);
    assertThat(registry.frameworks()).hasSize(1);
    assertThat(registry.contentDigest()).isEqualTo(twin.registry().contentDigest());
    assertThat(RegistryRecords.kinds(registry.drainChanges())).containsExactly(RegistryRecords.APPLIED_KIND);
  }

  @Test
  void retryOfARejectedOpGetsTheSameRejectionEvenWhenItWouldNowSucceed() {
    RegistryOp early = withRequestId(registerFramework("marathon"), "scheduler-api", 1);
    OpResult first = harness.apply(early);
    assertThat(first.getRejected().getReason()).isEqualTo(Rejected.Reason.CLUSTER_NOT_INITIALIZED);
    harness.initialize("c1");

    OpResult retried = harness.apply(early);

    assertThat(retried).isEqualTo(first);
    assertThat(registry.frameworks()).isEmpty();
  }

  @Test
  void retriedLaunchOnceRejectedStaysRejectedAfterTheAgentAppears() {
    harness.initialize("c1");
    String framework = harness.registerFramework("marathon");
    RegistryOp launch = withRequestId(launch(framework, "agent-x", "t1"), "scheduler-api", 7);
    OpResult first = harness.apply(launch);
    assertThat(first.getRejected().getReason()).isEqualTo(Rejected.Reason.UNKNOWN_AGENT);
    harness.accept(RegistryOps.reregisterAgent("agent-x", "x.example.com"));

    OpResult retried = harness.apply(launch);

    assertThat(retried).isEqualTo(first);
    assertThat(registry.taskCount()).isZero();
  }

  @Test
  void retryWithinTheSameEntryGetsTheFirstResult() {
    harness.initialize("c1");
    RegistryOp register = withRequestId(registerFramework("marathon"), "scheduler-api", 1);

    RegistryBatchResult results = harness.applyEntry(register, register);

    assertThat(results.getResults(0).getAccepted().getFrameworkId().getValue()).isEqualTo("c1-0002-0");
    assertThat(results.getResults(1)).isEqualTo(results.getResults(0));
    assertThat(registry.frameworks()).hasSize(1);
  }

  @Test
  void theRequestIdNotTheBodyIdentifiesARetry() {
    harness.initialize("c1");
    OpResult first = harness.apply(withRequestId(registerFramework("marathon"), "scheduler-api", 1));

    OpResult sameKeyOtherBody = harness.apply(withRequestId(registerFramework("aurora"), "scheduler-api", 1));

    assertThat(sameKeyOtherBody).isEqualTo(first);
    assertThat(registry.frameworks()).extracting(f -> f.getInfo().getName()).containsExactly("marathon");
  }

  @Test
  void otherClientOrOtherSequenceIsADifferentRequest() {
    harness.initialize("c1");
    harness.accept(withRequestId(registerFramework("a"), "client-1", 1));

    harness.accept(withRequestId(registerFramework("b"), "client-2", 1));
    harness.accept(withRequestId(registerFramework("c"), "client-1", 2));

    assertThat(registry.frameworks()).hasSize(3);
  }

  @Test
  void opsWithoutRequestIdAreNeverDeduplicated() {
    harness.initialize("c1");

    harness.accept(registerFramework("marathon"));
    harness.accept(registerFramework("marathon"));

    assertThat(registry.frameworks()).hasSize(2);
    assertThat(dedupRecordCount()).isZero();
  }

  @Test
  void rememberedRequestsSurviveASnapshotRestore() {
    RegistryOp init = withRequestId(initialize("c1"), "bootstrap", 1);
    harness.apply(init);
    OpResult first = harness.apply(withRequestId(registerFramework("marathon"), "scheduler-api", 1));

    RegistryHarness restored = new RegistryHarness(RegistryRecords.copy(registry));
    OpResult retried = restored.apply(withRequestId(registerFramework("marathon"), "scheduler-api", 1));

    assertThat(retried).isEqualTo(first);
    assertThat(restored.registry().frameworks()).hasSize(1);
  }

  @Test
  void oldestRequestIsForgottenAfterDedupCapacityNewerOnes() {
    harness.initialize("c1");
    RegistryOp register = withRequestId(registerFramework("marathon"), "scheduler-api", 1);
    OpResult first = harness.apply(register);
    long firstIndex = harness.index();
    applyRequests(Registry.DEDUP_CAPACITY - 1);

    assertThat(dedupRecordCount()).isEqualTo(Registry.DEDUP_CAPACITY);
    assertThat(harness.apply(register)).as("still remembered").isEqualTo(first);
    registry.drainChanges();

    applyRequests(1);

    List<Mutation> changes = registry.drainChanges();
    assertThat(changes).filteredOn(Mutation::isDelete).extracting(m -> m.key()[0]).containsExactly(DEDUP_KIND);
    assertThat(changes).filteredOn(Mutation::isDelete).extracting(Mutation::key)
        .containsExactly(new RegistryKey.Dedup(firstIndex, 0).bytes());
    assertThat(dedupRecordCount()).isEqualTo(Registry.DEDUP_CAPACITY);

    OpResult appliedAgain = harness.apply(register);

    assertThat(appliedAgain.getAccepted().getFrameworkId().getValue())
        .isNotEqualTo(first.getAccepted().getFrameworkId().getValue())
        .isEqualTo(String.format(java.util.Locale.ROOT, "c1-%04d-0", harness.index()));
    assertThat(registry.frameworks()).hasSize(2);
    assertThat(dedupRecordCount()).isEqualTo(Registry.DEDUP_CAPACITY);
  }

  /** Applies {@code n} distinct requests (role updates, from one bulk client), many per entry. */
  private void applyRequests(int n) {
    List<RegistryOp> entry = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      entry.add(withRequestId(updateRole("web", 1 + (i % 3)), "bulk", ++bulkSequence));
      if (entry.size() == 4096 || i == n - 1) {
        harness.applyEntry(entry).getResultsList().forEach(r -> assertThat(r.hasAccepted()).isTrue());
        entry.clear();
      }
    }
  }

  private int dedupRecordCount() {
    int[] n = {0};
    try {
      registry.forEachRecord((k, v) -> {
        if (k[0] == DEDUP_KIND) {
          n[0]++;
        }
      });
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return n[0];
  }
}
