package io.talus.protocol.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MesosDurationsTest {

  @Test
  void parsesEveryMesosUnit() {
    assertThat(MesosDurations.parse("5ns")).isEqualTo(Duration.ofNanos(5));
    assertThat(MesosDurations.parse("7us")).isEqualTo(Duration.ofNanos(7_000));
    assertThat(MesosDurations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(MesosDurations.parse("15secs")).isEqualTo(Duration.ofSeconds(15));
    assertThat(MesosDurations.parse("1.5mins")).isEqualTo(Duration.ofSeconds(90));
    assertThat(MesosDurations.parse("2hrs")).isEqualTo(Duration.ofHours(2));
    assertThat(MesosDurations.parse("1days")).isEqualTo(Duration.ofDays(1));
    assertThat(MesosDurations.parse("1weeks")).isEqualTo(Duration.ofDays(7));
  }

  @Test
  void refusesWhatMesosRefuses() {
    assertThatThrownBy(() -> MesosDurations.parse("15")).hasMessageContaining("'15'");
    assertThatThrownBy(() -> MesosDurations.parse("15s")).hasMessageContaining("secs");
    assertThatThrownBy(() -> MesosDurations.parse("-1secs")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MesosDurations.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatsTheShortestExactForm() {
    assertThat(MesosDurations.format(Duration.ofSeconds(15))).isEqualTo("15secs");
    assertThat(MesosDurations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(MesosDurations.format(Duration.ofMinutes(2))).isEqualTo("2mins");
    assertThat(MesosDurations.format(Duration.ZERO)).isEqualTo("0ns");
    assertThat(MesosDurations.parse(MesosDurations.format(Duration.ofNanos(123_456)))).isEqualTo(Duration.ofNanos(123_456));
  }
}
