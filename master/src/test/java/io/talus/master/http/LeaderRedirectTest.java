package io.talus.master.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderRedirectTest {

  private final LeaderRedirect leader = LeaderRedirect.toLeaderAt("http://127.0.0.1:5050");

  @Test
  void apiCallsAreSentToTheSamePathOnTheLeaderWithoutAScheme() {
    assertThat(leader.locationFor("/api/v1/scheduler"))
        .isEqualTo("//127.0.0.1:5050/api/v1/scheduler");
    assertThat(leader.locationFor("/master/api/v1/scheduler"))
        .isEqualTo("//127.0.0.1:5050/master/api/v1/scheduler");
    assertThat(leader.locationFor("/api/v1")).isEqualTo("//127.0.0.1:5050/api/v1");
  }

  @Test
  void theQueryIsKeptAsReceived() {
    assertThat(leader.locationFor("/master/state?jsonp=cb&x=%2F"))
        .isEqualTo("//127.0.0.1:5050/master/state?jsonp=cb&x=%2F");
  }

  @Test
  void masterRedirectCarriesNoPath() {
    assertThat(leader.masterRedirectLocation()).isEqualTo("//127.0.0.1:5050");
  }

  @Test
  void endpointsMayHaveATrailingSlashAHostNameOrAnIpv6Literal() {
    assertThat(LeaderRedirect.toLeaderAt("http://master-2.example.com:5050/").authority())
        .isEqualTo("master-2.example.com:5050");
    assertThat(LeaderRedirect.toLeaderAt("http://[::1]:5050").masterRedirectLocation())
        .isEqualTo("//[::1]:5050");
  }

  @Test
  void aMissingPortIsTheSchemesDefault() {
    assertThat(LeaderRedirect.toLeaderAt("http://leader").authority()).isEqualTo("leader:80");
    assertThat(LeaderRedirect.toLeaderAt("https://leader").authority()).isEqualTo("leader:443");
  }

  @Test
  void malformedEndpointsAreRejectedWithTheReason() {
    List<List<String>> cases =
        List.of(
            List.of("127.0.0.1:5050", "scheme"),
            List.of("ftp://127.0.0.1:5050", "scheme"),
            List.of("http://", "http://"),
            List.of("http:///path", "no host"),
            List.of("http://user@127.0.0.1:5050", "user info"),
            List.of("http://127.0.0.1:5050/master", "without path"),
            List.of("http://127.0.0.1:5050?x=1", "without path"),
            List.of("http://127.0.0.1:5050 x", "http://127.0.0.1:5050 x"));
    for (List<String> endpointAndReason : cases) {
      assertThatThrownBy(() -> LeaderRedirect.toLeaderAt(endpointAndReason.get(0)))
          .as(endpointAndReason.get(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("malformed leader HTTP endpoint")
          .hasMessageContaining(endpointAndReason.get(1));
    }
  }

  @Test
  void aRequestTargetMustBeAnAbsolutePath() {
    assertThatThrownBy(() -> leader.locationFor("api/v1/scheduler"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with '/'");
  }
}
