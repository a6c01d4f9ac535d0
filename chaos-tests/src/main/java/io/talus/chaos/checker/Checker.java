package io.talus.chaos.checker;

import io.talus.chaos.history.History;

/** Judges one property of a history. Implementations are pure: same history, same result. */
public interface Checker {

  /** A stable name, used as the checker's key in {@code results.json}. */
  String name();

  CheckResult check(History history);
}
