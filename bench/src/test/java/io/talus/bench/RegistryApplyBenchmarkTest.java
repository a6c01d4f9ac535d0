package io.talus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegistryBatchResult;
import io.talus.registry.Registry;
import io.talus.registry.RegistryRecords;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs the benchmark bodies directly (not under JMH), to show they do what they claim. */
class RegistryApplyBenchmarkTest {

  private static RegistryApplyBenchmark benchmark(int opsPerEntry) {
    RegistryApplyBenchmark b = new RegistryApplyBenchmark();
    b.opsPerEntry = opsPerEntry;
    b.generatedOps = 4_096;
    b.generate();
    return b;
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 16, 256})
  void applyReplaysTheWholeWorkloadThenStartsOverOnAFreshRegistry(int opsPerEntry) {
    RegistryApplyBenchmark b = benchmark(opsPerEntry);
    RegistryApplyBenchmark.OpCounter counter = new RegistryApplyBenchmark.OpCounter();
    List<OpResult> results = new ArrayList<>();

    for (int i = 0; i < b.entryCount(); i++) {
      RegistryBatchResult r = b.apply(counter);
      assertThat(r.getResultsCount()).isEqualTo(opsPerEntry);
      results.addAll(r.getResultsList());
    }
    Registry first = b.registry();

    assertThat(counter.registryOps).isEqualTo((long) b.entryCount() * opsPerEntry);
    assertThat(first.applied().getIndex()).isEqualTo(b.entryCount());
    assertThat(results.stream().filter(OpResult::hasAccepted).count())
        .as("replayed at the indexes it was generated at, the workload is mostly accepted")
        .isGreaterThan(results.size() * 6L / 10);
    assertThat(first.agents()).isNotEmpty();

    b.apply(counter);
    assertThat(b.registry()).isNotSameAs(first);
    assertThat(b.registry().applied().getIndex()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 16, 256})
  void applyAndDrainKeepsTheLiveStoreEqualToTheRegistry(int opsPerEntry) {
    RegistryApplyBenchmark b = benchmark(opsPerEntry);
    RegistryApplyBenchmark.OpCounter counter = new RegistryApplyBenchmark.OpCounter();

    for (int i = 0; i < b.entryCount(); i++) {
      b.applyAndDrainToLiveStore(counter);
    }

    assertThat(b.liveStore().size()).isGreaterThan(2);
    assertThat(RegistryRecords.stream(b.liveStore())).isEqualTo(RegistryRecords.stream(b.registry()));
  }
}
