package io.talus.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembershipConfigTest {

  @Test
  void defaultsAreTheLanTuning() {
    MembershipConfig config = MembershipConfig.builder().build();

    assertThat(config.host()).isNull();
    assertThat(config.port()).isZero();
    assertThat(config.seeds()).isEmpty();
    assertThat(config.pingInterval()).isEqualTo(Duration.ofMillis(400));
    assertThat(config.pingTimeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(config.suspicionMultiplier()).isEqualTo(2);
    assertThat(config.gossipInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.syncInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void toBuilderKeepsEveryField() {
    MembershipConfig config =
        MembershipConfig.builder()
            .host("10.0.0.5")
            .port(7946)
            .seeds("10.0.0.1:7946", "10.0.0.2:7946")
            .pingInterval(Duration.ofSeconds(1))
            .pingTimeout(Duration.ofMillis(300))
            .suspicionMultiplier(4)
            .gossipInterval(Duration.ofMillis(150))
            .syncInterval(Duration.ofSeconds(30))
            .shutdownTimeout(Duration.ofSeconds(1))
            .build();

    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  @Test
  void aBlankHostMeansTheLocalHostAddress() {
    assertThat(MembershipConfig.builder().host("  ").build().host()).isNull();
  }

  @Test
  void seedsAreCopied() {
    List<String> seeds = new ArrayList<>(List.of("127.0.0.1:1"));
    MembershipConfig config = MembershipConfig.builder().seeds(seeds).build();
    seeds.add("127.0.0.1:2");

    assertThat(config.seeds()).containsExactly("127.0.0.1:1");
  }

  @Test
  void malformedSeedsAreRejected() {
    for (String seed : List.of("localhost", ":7946", "host:", "host:x", "host:0", "host:65536")) {
      assertThatThrownBy(() -> MembershipConfig.builder().seeds(seed).build())
          .as(seed)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(seed);
    }
  }

  @Test
  void inconsistentTimingIsRejected() {
    assertThatThrownBy(
            () ->
                MembershipConfig.builder()
                    .pingInterval(Duration.ofMillis(200))
                    .pingTimeout(Duration.ofMillis(200))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pingTimeout");
    assertThatThrownBy(() -> MembershipConfig.builder().suspicionMultiplier(0).build())
        .hasMessageContaining("suspicionMultiplier");
    assertThatThrownBy(() -> MembershipConfig.builder().gossipInterval(Duration.ZERO).build())
        .hasMessageContaining("gossipInterval");
    assertThatThrownBy(() -> MembershipConfig.builder().port(70_000).build())
        .hasMessageContaining("70000");
  }
}
