package io.talus.driver.scheduler;

import io.talus.mesos.v1.Protos.FrameworkInfo;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Settings of a {@link V1SchedulerDriver} beyond Mesos's constructor arguments: timeouts, how many
 * heartbeats may be missed, the reconnect backoff. Get one from {@link V1SchedulerDriver#builder}.
 */
public final class V1SchedulerDriverBuilder {

  final Scheduler scheduler;
  final FrameworkInfo frameworkInfo;
  final List<URI> masters;
  boolean implicitAcknowledgements = true;
  Duration connectTimeout = Duration.ofSeconds(5);
  Duration requestTimeout = Duration.ofSeconds(10);
  int missedHeartbeats = 5;
  Duration backoffInitial = Duration.ofMillis(100);
  Duration backoffMax = Duration.ofSeconds(5);
  Random random = new Random();

  V1SchedulerDriverBuilder(Scheduler scheduler, FrameworkInfo frameworkInfo, List<URI> masters) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.frameworkInfo = Objects.requireNonNull(frameworkInfo, "frameworkInfo");
    this.masters = masters;
  }

  /** Default true: the driver acknowledges each update after {@code statusUpdate} returns. */
  public V1SchedulerDriverBuilder implicitAcknowledgements(boolean implicit) {
    this.implicitAcknowledgements = implicit;
    return this;
  }

  /** Default 5 s: how long to wait for a master's TCP connection before trying the next. */
  public V1SchedulerDriverBuilder connectTimeout(Duration timeout) {
    this.connectTimeout = positive(timeout, "connectTimeout");
    return this;
  }

  /** Default 10 s: how long to wait for a response head (SUBSCRIBE's, or a call's). */
  public V1SchedulerDriverBuilder requestTimeout(Duration timeout) {
    this.requestTimeout = positive(timeout, "requestTimeout");
    return this;
  }

  /**
   * Default 5: the stream is declared dead, and the driver resubscribes, after this many {@code
   * heartbeat_interval_seconds} without any event.
   */
  public V1SchedulerDriverBuilder missedHeartbeats(int missed) {
    if (missed < 1) {
      throw new IllegalArgumentException("missedHeartbeats must be >= 1, got " + missed);
    }
    this.missedHeartbeats = missed;
    return this;
  }

  /** Default 100 ms up to 5 s, fully jittered, reset by every SUBSCRIBED. */
  public V1SchedulerDriverBuilder reconnectBackoff(Duration initial, Duration max) {
    this.backoffInitial = positive(initial, "initial backoff");
    this.backoffMax = positive(max, "max backoff");
    return this;
  }

  /** The backoff's jitter source; seed it for reproducible runs. */
  public V1SchedulerDriverBuilder random(Random random) {
    this.random = Objects.requireNonNull(random, "random");
    return this;
  }

  public V1SchedulerDriver build() {
    return new V1SchedulerDriver(this);
  }

  private static Duration positive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
    return d;
  }
}
