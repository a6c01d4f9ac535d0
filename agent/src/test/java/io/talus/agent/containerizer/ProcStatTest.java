package io.talus.agent.containerizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {

  @Test
  void fieldsAreCountedFromTheLastParenthesis() {
    String line = "4242 (my (odd) cmd) ) S 1 4242 4240 0 -1 4194560 105 0 0 0 0 0 0 0 20 0 1 0"
        + " 987654 2629632 213 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

    ProcStat stat = ProcStat.parse(line);

    assertThat(stat).isEqualTo(new ProcStat(4242, "my (odd) cmd) ", 'S', 1, 4242, 4240, 987654));
    assertThat(stat.zombie()).isFalse();
  }

  @Test
  void readsThisProcess() {
    long self = ProcessHandle.current().pid();

    ProcStat stat = ProcStat.read(self).orElseThrow();

    assertThat(stat.pid()).isEqualTo(self);
    assertThat(stat.ppid()).isEqualTo(ProcessHandle.current().parent().orElseThrow().pid());
    assertThat(stat.startTicks()).isPositive();
    assertThat(ProcStat.all()).contains(stat);
    assertThat(ProcStat.read(1L << 23)).isEmpty();
  }
}
