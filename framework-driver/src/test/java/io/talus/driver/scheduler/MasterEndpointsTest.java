package io.talus.driver.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class MasterEndpointsTest {

  @Test
  void hostPortAndUrlsBecomeSchedulerEndpoints() {
    assertThat(
            MasterEndpoints.parse(
                List.of("10.0.0.1:5050", "http://m2:5051", "https://m3:443/mesos/", "m4")))
        .containsExactly(
            URI.create("http://10.0.0.1:5050/api/v1/scheduler"),
            URI.create("http://m2:5051/api/v1/scheduler"),
            URI.create("https://m3:443/mesos/api/v1/scheduler"),
            URI.create("http://m4:5050/api/v1/scheduler"));
  }

  @Test
  void aMesosStyleListIsCommaSeparated() {
    assertThat(MasterEndpoints.parse("m1:5050, m2:5050,"))
        .containsExactly(
            URI.create("http://m1:5050/api/v1/scheduler"),
            URI.create("http://m2:5050/api/v1/scheduler"));
  }

  @Test
  void unusableMastersAreRejected() {
    assertThatThrownBy(() -> MasterEndpoints.parse(List.of())).hasMessageContaining("at least one");
    assertThatThrownBy(() -> MasterEndpoints.parse(List.of("zk://zk1:2181/mesos")))
        .hasMessageContaining("zk://zk1:2181/mesos");
    assertThatThrownBy(() -> MasterEndpoints.parse(List.of("m1:50 50")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
