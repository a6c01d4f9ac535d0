package io.talus.master.testing;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The subscriptions a test opened, torn down after it so that its frameworks neither hold offers
 * nor get offers meant for the next test on the same master.
 */
public final class OpenSubscriptions {

  private final List<Subscription> open = new ArrayList<>();

  public synchronized Subscription add(Subscription s) {
    open.add(s);
    return s;
  }

  /** TEARDOWN of every framework still subscribed, then every connection closed. */
  public synchronized void closeAll() {
    for (Subscription s : open) {
      if (s.status() == 200 && !s.ended()) {
        try {
          s.call(CallJson.teardown(s.frameworkId()));
        } catch (UncheckedIOException | IllegalStateException | org.awaitility.core.ConditionTimeoutException e) {
          // the master may have ended it already
        }
      }
      s.close();
    }
    open.clear();
  }
}
