package io.talus.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckResultTest {

  @Test
  void validnessFollowsTheFailures() {
    assertThat(CheckResult.of(Map.of("ops", 3L), List.of()).valid()).isTrue();
    assertThat(CheckResult.of(Map.of(), List.of("task t1: bad")).valid()).isFalse();
  }

  @Test
  void aVerdictCannotContradictItsFailures() {
    assertThatThrownBy(() -> new CheckResult(true, Map.of(), List.of("task t1: bad")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new CheckResult(false, Map.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
