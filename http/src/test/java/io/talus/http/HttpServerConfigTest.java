package io.talus.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HttpServerConfigTest {

  @Test
  void ofUsesTheDocumentedDefaults() {
    HttpServerConfig config = HttpServerConfig.of("0.0.0.0", 5050, "master");

    assertThat(config.maxRequestBodyBytes()).isEqualTo(16 * 1024 * 1024);
    assertThat(config.ioThreads()).isEqualTo(2);
    assertThat(config.maxPendingStreamBytes()).isEqualTo(64L * 1024 * 1024);
    assertThat(config.withPort(0).withIoThreads(0).withMaxRequestBodyBytes(10))
        .isEqualTo(new HttpServerConfig("0.0.0.0", 0, 10, "master", 0, 64L * 1024 * 1024));
  }

  @Test
  void rejectsNonsense() {
    HttpServerConfig config = HttpServerConfig.of("127.0.0.1", 0, "agent");

    assertThatThrownBy(() -> config.withPort(70_000)).hasMessageContaining("port");
    assertThatThrownBy(() -> config.withMaxRequestBodyBytes(0))
        .hasMessageContaining("maxRequestBodyBytes");
    assertThatThrownBy(() -> config.withIoThreads(-1)).hasMessageContaining("ioThreads");
    assertThatThrownBy(() -> config.withMaxPendingStreamBytes(0))
        .hasMessageContaining("maxPendingStreamBytes");
    assertThatThrownBy(() -> config.withName(" ")).hasMessageContaining("name");
  }
}
