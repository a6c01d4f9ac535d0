package io.talus.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class MasterLocationTest {

  private static final URI SCHEDULER = URI.create("http://10.0.0.1:5050/api/v1/scheduler");

  @Test
  void aSchemeLessLocationKeepsTheRequestScheme() {
    assertThat(MasterLocation.resolve(SCHEDULER, "//10.0.0.2:5050/api/v1/scheduler"))
        .isEqualTo(URI.create("http://10.0.0.2:5050/api/v1/scheduler"));
    assertThat(
            MasterLocation.resolve(
                URI.create("https://m1:5050/api/v1/scheduler"), "//m2:5050/api/v1/scheduler"))
        .isEqualTo(URI.create("https://m2:5050/api/v1/scheduler"));
  }

  @Test
  void theMasterRedirectLocationHasNoPath() {
    assertThat(MasterLocation.resolve(URI.create("http://m1:5050/master/redirect"), "//m3:5051"))
        .isEqualTo(URI.create("http://m3:5051"));
  }

  @Test
  void anAbsoluteLocationIsTakenAsIs() {
    assertThat(MasterLocation.resolve(SCHEDULER, "https://leader.example.com:8443/api/v1/sched"))
        .isEqualTo(URI.create("https://leader.example.com:8443/api/v1/sched"));
  }

  @Test
  void relativeLocationsResolveAgainstTheRequest() {
    assertThat(MasterLocation.resolve(SCHEDULER, "/master/api/v1/scheduler"))
        .isEqualTo(URI.create("http://10.0.0.1:5050/master/api/v1/scheduler"));
    assertThat(MasterLocation.resolve(SCHEDULER, "operator"))
        .isEqualTo(URI.create("http://10.0.0.1:5050/api/v1/operator"));
    assertThat(MasterLocation.resolve(SCHEDULER, "../v2/scheduler"))
        .isEqualTo(URI.create("http://10.0.0.1:5050/api/v2/scheduler"));
    assertThat(MasterLocation.resolve(SCHEDULER, "?leader=m2"))
        .isEqualTo(URI.create("http://10.0.0.1:5050/api/v1/scheduler?leader=m2"));
  }

  @Test
  void aRelativePathAgainstARequestWithoutAPathStartsAtTheRoot() {
    assertThat(MasterLocation.resolve(URI.create("http://m1:5050"), "api/v1/scheduler"))
        .isEqualTo(URI.create("http://m1:5050/api/v1/scheduler"));
  }

  @Test
  void theLocationQueryIsKept() {
    assertThat(MasterLocation.resolve(SCHEDULER, "//m2:5050/master/state?jsonp=x"))
        .isEqualTo(URI.create("http://m2:5050/master/state?jsonp=x"));
  }

  @Test
  void surroundingWhitespaceIsIgnored() {
    assertThat(MasterLocation.resolve(SCHEDULER, "  //m2:5050/api/v1/scheduler \t"))
        .isEqualTo(URI.create("http://m2:5050/api/v1/scheduler"));
  }

  @Test
  void unusableInputIsRejected() {
    assertThatThrownBy(() -> MasterLocation.resolve(SCHEDULER, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without a Location");
    assertThatThrownBy(() -> MasterLocation.resolve(SCHEDULER, " "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MasterLocation.resolve(SCHEDULER, "//m2:5050/a b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'//m2:5050/a b' is not a URI");
    assertThatThrownBy(() -> MasterLocation.resolve(SCHEDULER, "mailto:ops@example.com"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no host");
    assertThatThrownBy(() -> MasterLocation.resolve(URI.create("/api/v1/scheduler"), "//m2:5050"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be absolute");
  }
}
