package io.talus.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The commit load generator runs end to end against a real 3-peer group (briefly, no figures). */
class RegistryCommitBenchTest {

  @Test
  void measuresEachLevelAndPrintsATable() throws Exception {
    List<RegistryCommitBench.Row> rows =
        RegistryCommitBench.run(List.of(1, 8), Duration.ZERO, Duration.ofSeconds(1));

    assertThat(rows).extracting(RegistryCommitBench.Row::inFlight).containsExactly(1, 8);
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.ops()).isPositive();
      assertThat(r.entries()).isPositive().isLessThanOrEqualTo(r.ops());
      assertThat(r.latencyNanos().getTotalCount()).isEqualTo(r.ops());
    });
    assertThat(RegistryCommitBench.table(rows)).contains("in-flight", "ops/s", "p99 ms", "ops/entry");
  }
}
