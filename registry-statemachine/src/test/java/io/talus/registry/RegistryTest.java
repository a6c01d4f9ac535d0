package io.talus.registry;

import static io.talus.registry.RegistryOps.initialize;
import static io.talus.registry.RegistryOps.registerAgent;
import static io.talus.registry.RegistryOps.registerFramework;
import static io.talus.registry.RegistryOps.updateRole;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.mesos.v1.Protos.TaskState;
import io.talus.protocol.registry.AppliedRecord;
import io.talus.protocol.registry.ClusterRecord;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegistryBatch;
import io.talus.protocol.registry.RegistryBatchResult;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.Rejected;
import io.talus.protocol.registry.RoleRecord;
import io.talus.protocol.registry.UpdateRole;
import io.talus.storage.Mutation;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Cluster initialization, derived ids, the applied term/index, roles, and op dispatch. */
class RegistryTest {

  private static final byte CLUSTER_KIND = 0x01;

  private final RegistryHarness harness = new RegistryHarness();
  private final Registry registry = harness.registry();

  static Stream<RegistryOp> everyOpButInitialize() {
    return Stream.of(
        registerAgent("a.example.com"),
        RegistryOps.reregisterAgent("c1-S1-0", "a.example.com"),
        RegistryOps.markUnreachable("c1-S1-0"),
        RegistryOps.removeAgent("c1-S1-0", true),
        registerFramework("marathon"),
        RegistryOps.reregisterFramework("c1-0001-0", "marathon"),
        RegistryOps.disconnectFramework("c1-0001-0", 5),
        RegistryOps.removeFramework("c1-0001-0"),
        RegistryOps.launch("c1-0001-0", "c1-S1-0", "t1"),
        RegistryOps.status("c1-0001-0", "c1-S1-0", "t1", TaskState.TASK_RUNNING, RegistryOps.uuid(1)),
        RegistryOps.ack("c1-0001-0", "t1", RegistryOps.uuid(1)),
        updateRole("web", 2),
        RegistryOps.noOpCase());
  }

  @ParameterizedTest
  @MethodSource("everyOpButInitialize")
  void everyOpBeforeInitializeClusterIsRejected(RegistryOp op) {
    OpResult result = harness.apply(op);

    assertThat(result.getRejected().getReason()).isEqualTo(Rejected.Reason.CLUSTER_NOT_INITIALIZED);
    assertThat(RegistryRecords.streamWithoutApplied(registry)).isEmpty();
    assertThat(RegistryRecords.kinds(registry.drainChanges())).containsExactly(RegistryRecords.APPLIED_KIND);
  }

  @Test
  void initializeClusterRecordsTheIdAndTheLeadersTime() throws Exception {
    OpResult result = harness.apply(RegistryOps.withTime(initialize("c1"), 1234));

    assertThat(result.hasAccepted()).isTrue();
    assertThat(registry.clusterId()).hasValue("c1");
    List<Mutation> changes = registry.drainChanges();
    assertThat(RegistryRecords.kinds(changes)).containsExactlyInAnyOrder(CLUSTER_KIND, RegistryRecords.APPLIED_KIND);
    Mutation cluster = changes.stream().filter(m -> m.key()[0] == CLUSTER_KIND).findFirst().orElseThrow();
    assertThat(ClusterRecord.parseFrom(cluster.value()))
        .isEqualTo(ClusterRecord.newBuilder().setClusterId("c1").setInitializedTimeNanos(1234).build());
  }

  @Test
  void secondInitializeIsRejectedAndKeepsTheFirstId() {
    harness.initialize("c1");

    OpResult again = harness.apply(initialize("c2"));

    assertThat(again.getRejected().getReason()).isEqualTo(Rejected.Reason.CLUSTER_ALREADY_INITIALIZED);
    assertThat(again.getRejected().getMessage()).contains("c1");
    assertThat(registry.clusterId()).hasValue("c1");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void blankClusterIdIsRejectedAndLeavesTheClusterUninitialized(String id) {
    OpResult result = harness.apply(initialize(id));

    assertThat(result.getRejected().getReason()).isEqualTo(Rejected.Reason.INVALID_OP);
    assertThat(registry.clusterId()).isEmpty();
    assertThat(harness.apply(initialize("c1")).hasAccepted()).isTrue();
  }

  @Test
  void idsDeriveFromClusterIdLogIndexAndPositionInTheEntry() {
    harness.initialize("c1");
    for (int i = 0; i < 5; i++) {
      harness.applyEmptyEntry();
    }
    assertThat(harness.nextIndex()).isEqualTo(7);

    RegistryBatchResult results = harness.applyEntry(
        registerFramework("a"), registerFramework("b"), registerAgent("x"), updateRole("web", 1), registerAgent("y"));

    assertThat(results.getResults(0).getAccepted().getFrameworkId().getValue()).isEqualTo("c1-0007-0");
    assertThat(results.getResults(1).getAccepted().getFrameworkId().getValue()).isEqualTo("c1-0007-1");
    assertThat(results.getResults(2).getAccepted().getAgentId().getValue()).isEqualTo("c1-S7-2");
    assertThat(results.getResults(4).getAccepted().getAgentId().getValue()).isEqualTo("c1-S7-4");
    assertThat(registry.framework("c1-0007-1").orElseThrow().getInfo().getName()).isEqualTo("b");
    assertThat(registry.agent("c1-S7-4").orElseThrow().getInfo().getHostname()).isEqualTo("y");
  }

  @Test
  void frameworkIdIndexIsZeroPaddedToFourDigitsAndGrowsBeyond() {
    registry.applyEntry(1, 1, batch(initialize("c1")));

    RegistryBatchResult results = registry.applyEntry(1, 123_456, batch(registerFramework("a"), registerAgent("x")));

    assertThat(results.getResults(0).getAccepted().getFrameworkId().getValue()).isEqualTo("c1-123456-0");
    assertThat(results.getResults(1).getAccepted().getAgentId().getValue()).isEqualTo("c1-S123456-1");
  }

  /**
   * Replicas must derive the same ids whatever the JVM's default locale: {@code String.format}
   * without a locale renders digits in the default locale's numbering system.
   */
  @ParameterizedTest
  @ValueSource(strings = {"th-TH-u-nu-thai", "ar-EG", "fa-IR"})
  void derivedFrameworkIdDoesNotDependOnTheDefaultLocale(String languageTag) {
    Locale saved = Locale.getDefault();
    Locale savedFormat = Locale.getDefault(Locale.Category.FORMAT);
    Locale savedDisplay = Locale.getDefault(Locale.Category.DISPLAY);
    try {
      Locale.setDefault(Locale.forLanguageTag(languageTag));
      harness.initialize("c1");

      OpResult result = harness.apply(registerFramework("marathon"));

      assertThat(result.getAccepted().getFrameworkId().getValue())
          .as("framework id derived under default locale %s", languageTag)
          .isEqualTo("c1-0002-0");
    } finally {
      Locale.setDefault(saved);
      Locale.setDefault(Locale.Category.FORMAT, savedFormat);
      Locale.setDefault(Locale.Category.DISPLAY, savedDisplay);
    }
  }

  @Test
  void appliedIsTheTermAndIndexOfTheLastEntryWhateverItsOps() {
    assertThat(registry.applied()).isEqualTo(applied(0, 0));

    registry.applyEntry(1, 1, batch(initialize("c1")));
    assertThat(registry.applied()).isEqualTo(applied(1, 1));

    registry.applyEntry(2, 2, RegistryBatch.getDefaultInstance());
    assertThat(registry.applied()).isEqualTo(applied(2, 2));

    RegistryBatchResult rejected = registry.applyEntry(2, 3, batch(initialize("c2")));
    assertThat(rejected.getResults(0).hasRejected()).isTrue();
    assertThat(registry.applied()).isEqualTo(applied(2, 3));

    // Raft entries that are not registry entries (configuration changes) leave gaps in the indexes.
    registry.applyEntry(5, 9, batch(updateRole("web", 1)));
    assertThat(registry.applied()).isEqualTo(applied(5, 9));
  }

  @Test
  void appliedRecordIsPartOfTheContentAndOfEveryEntrysChanges() throws Exception {
    registry.applyEntry(3, 7, batch(initialize("c1")));
    registry.drainChanges();

    registry.applyEntry(3, 8, RegistryBatch.getDefaultInstance());

    List<Mutation> changes = registry.drainChanges();
    assertThat(RegistryRecords.kinds(changes)).containsExactly(RegistryRecords.APPLIED_KIND);
    assertThat(AppliedRecord.parseFrom(changes.get(0).value())).isEqualTo(applied(3, 8));
    byte[][] appliedRecord = new byte[1][];
    registry.forEachRecord((k, v) -> {
      if (k[0] == RegistryRecords.APPLIED_KIND) {
        appliedRecord[0] = v;
      }
    });
    assertThat(AppliedRecord.parseFrom(appliedRecord[0])).isEqualTo(applied(3, 8));
  }

  @Test
  void eachOpOfAnEntryGetsItsOwnResultInOrder() {
    RegistryBatchResult results = harness.applyEntry(
        registerFramework("early"), initialize("c1"), RegistryOps.noOpCase(), initialize("c2"), registerFramework("f"));

    assertThat(results.getResultsList()).extracting(RegistryTest::outcome).containsExactly(
        "CLUSTER_NOT_INITIALIZED", "ACCEPTED", "INVALID_OP", "CLUSTER_ALREADY_INITIALIZED", "ACCEPTED");
    assertThat(registry.frameworks()).hasSize(1);
  }

  @Test
  void opWithNoCaseSetIsRejectedAsInvalid() {
    harness.initialize("c1");

    OpResult result = harness.apply(RegistryOps.noOpCase());

    assertThat(result.getRejected().getReason()).isEqualTo(Rejected.Reason.INVALID_OP);
    assertThat(result.getRejected().getMessage()).contains("OP_NOT_SET");
  }

  @Test
  void updateRoleStoresAndReplacesTheWeight() {
    harness.initialize("c1");

    harness.accept(updateRole("web", 2.5));
    assertThat(registry.role("web")).hasValue(RoleRecord.newBuilder().setRole("web").setWeight(2.5).build());

    harness.accept(updateRole("web", 0.25));
    assertThat(registry.role("web").orElseThrow().getWeight()).isEqualTo(0.25);
    assertThat(registry.roles()).hasSize(1);
  }

  @Test
  void updateRoleWithoutWeightMeansWeightOne() {
    harness.initialize("c1");

    harness.accept(RegistryOp.newBuilder().setUpdateRole(UpdateRole.newBuilder().setRole("batch")).build());

    assertThat(registry.role("batch").orElseThrow().getWeight()).isEqualTo(1.0);
  }

  @Test
  void readsOfAnEmptyRegistryAreEmpty() {
    assertThat(registry.clusterId()).isEmpty();
    assertThat(registry.agents()).isEmpty();
    assertThat(registry.frameworks()).isEmpty();
    assertThat(registry.roles()).isEmpty();
    assertThat(registry.taskCount()).isZero();
    assertThat(registry.tasksOf("f")).isEmpty();
    assertThat(registry.tasksOnAgent("a")).isEmpty();
    assertThat(registry.task("f", "t")).isEmpty();
  }

  static String outcome(OpResult r) {
    return r.hasAccepted() ? "ACCEPTED" : r.getRejected().getReason().name();
  }

  static AppliedRecord applied(long term, long index) {
    return AppliedRecord.newBuilder().setTerm(term).setIndex(index).build();
  }

  static RegistryBatch batch(RegistryOp... ops) {
    RegistryBatch.Builder b = RegistryBatch.newBuilder();
    long t = RegistryHarness.START_NANOS;
    for (RegistryOp op : ops) {
      b.addOps(op.toBuilder().setTimeNanos(t += RegistryHarness.TICK_NANOS));
    }
    return b.build();
  }
}
