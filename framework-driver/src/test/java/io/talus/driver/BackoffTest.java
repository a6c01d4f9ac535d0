package io.talus.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void withoutJitterTheDelayGrowsGeometricallyUpToTheMax() {
    Backoff backoff =
        Backoff.builder()
            .initial(Duration.ofMillis(100))
            .max(Duration.ofSeconds(1))
            .multiplier(2)
            .jitter(Backoff.Jitter.NONE)
            .build();

    assertThat(delaysMillis(backoff, 6)).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
    assertThat(backoff.attempts()).isEqualTo(6);
  }

  @Test
  void fullJitterIsUniformBelowTheCeilingAndSeeded() {
    Backoff backoff = fullJitter(42);
    Random same = new Random(42);
    List<Long> expected = new ArrayList<>();
    for (long ceiling : new long[] {100, 200, 400, 800, 1000}) {
      expected.add(same.nextLong(ceiling * 1_000_000 + 1));
    }

    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      delays.add(backoff.nextDelay().toNanos());
    }

    assertThat(delays).isEqualTo(expected);
  }

  @Test
  void theSameSeedGivesTheSameDelays() {
    assertThat(delaysMillis(fullJitter(7), 20)).isEqualTo(delaysMillis(fullJitter(7), 20));
    assertThat(delaysMillis(fullJitter(7), 20)).isNotEqualTo(delaysMillis(fullJitter(8), 20));
  }

  @Test
  void equalJitterStaysInTheUpperHalfOfTheCeiling() {
    Backoff backoff =
        Backoff.builder()
            .initial(Duration.ofMillis(100))
            .max(Duration.ofSeconds(1))
            .jitter(Backoff.Jitter.EQUAL)
            .seed(3)
            .build();
    long[] ceilings = {100, 200, 400, 800, 1000, 1000, 1000, 1000};

    for (long ceiling : ceilings) {
      assertThat(backoff.nextDelay())
          .isBetween(Duration.ofMillis(ceiling / 2), Duration.ofMillis(ceiling));
    }
  }

  @Test
  void equalJitterIsExactForAFixedRandomSource() {
    Random fixed =
        new Random() {
          @Override
          public long nextLong(long bound) {
            return bound - 1; // the largest draw
          }
        };
    Backoff backoff =
        Backoff.builder()
            .initial(Duration.ofMillis(100))
            .max(Duration.ofMillis(300))
            .jitter(Backoff.Jitter.EQUAL)
            .random(fixed)
            .build();

    assertThat(delaysMillis(backoff, 3)).containsExactly(100L, 200L, 300L);
  }

  @Test
  void resetStartsOverFromTheInitialDelay() {
    Backoff backoff =
        Backoff.builder().initial(Duration.ofMillis(50)).jitter(Backoff.Jitter.NONE).build();
    delaysMillis(backoff, 4);

    backoff.reset();

    assertThat(backoff.attempts()).isZero();
    assertThat(backoff.nextDelay()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void aHugeNumberOfAttemptsStaysAtTheMax() {
    Backoff backoff =
        Backoff.builder()
            .initial(Duration.ofMillis(1))
            .max(Duration.ofSeconds(30))
            .multiplier(10)
            .jitter(Backoff.Jitter.NONE)
            .build();

    for (int i = 0; i < 2_000; i++) {
      backoff.nextDelay();
    }

    assertThat(backoff.nextDelay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aMultiplierOfOneIsAConstantBackoff() {
    Backoff backoff =
        Backoff.builder()
            .initial(Duration.ofMillis(250))
            .multiplier(1)
            .jitter(Backoff.Jitter.NONE)
            .build();

    assertThat(delaysMillis(backoff, 3)).containsExactly(250L, 250L, 250L);
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThatThrownBy(() -> Backoff.builder().initial(Duration.ZERO).build())
        .hasMessageContaining("initial");
    assertThatThrownBy(
            () ->
                Backoff.builder()
                    .initial(Duration.ofSeconds(2))
                    .max(Duration.ofSeconds(1))
                    .build())
        .hasMessageContaining("max");
    assertThatThrownBy(() -> Backoff.builder().multiplier(0.5).build())
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> Backoff.builder().multiplier(Double.NaN).build())
        .hasMessageContaining("multiplier");
  }

  private static Backoff fullJitter(long seed) {
    return Backoff.builder()
        .initial(Duration.ofMillis(100))
        .max(Duration.ofSeconds(1))
        .jitter(Backoff.Jitter.FULL)
        .seed(seed)
        .build();
  }

  private static List<Long> delaysMillis(Backoff backoff, int count) {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      delays.add(backoff.nextDelay().toMillis());
    }
    return delays;
  }
}
