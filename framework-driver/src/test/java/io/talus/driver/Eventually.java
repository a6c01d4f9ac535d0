package io.talus.driver;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ConditionFactory;

/** Awaitility with a fast poll, for conditions that local fakes meet within milliseconds. */
public final class Eventually {

  private Eventually() {}

  public static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5));
  }
}
