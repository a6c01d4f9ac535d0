package io.talus.chaos.checker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A checker's verdict.
 *
 * @param valid whether the property held; false exactly when there are failures
 * @param counts what the checker looked at, by name (for example {@code tasks}, {@code updates}),
 *     so a report shows that a passing check actually saw something
 * @param failures one human-readable line per violation, naming the task, framework or op
 */
public record CheckResult(boolean valid, Map<String, Long> counts, List<String> failures) {

  public CheckResult {
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    failures = List.copyOf(failures);
    if (valid != failures.isEmpty()) {
      throw new IllegalArgumentException("valid must be true exactly when there are no failures");
    }
  }

  /** A verdict that is valid when {@code failures} is empty. */
  public static CheckResult of(Map<String, Long> counts, List<String> failures) {
    Objects.requireNonNull(failures, "failures");
    return new CheckResult(failures.isEmpty(), counts, failures);
  }
}
