package io.talus.chaos.checker;

import io.talus.chaos.history.History;
import io.talus.chaos.history.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A framework keeps its ID across master failovers: every successful {@code subscribe} of the same
 * framework returns the ID of its first one. A new ID would mean the new leader forgot the
 * framework (lost registry state), and in Mesos that orphans all of the framework's tasks.
 *
 * <p>Reads ops with {@code f = "subscribe"} and type ok; their value carries {@code framework_id}
 * and, when a run has several frameworks, {@code framework} (its name) to tell them apart.
 */
public final class FrameworkIdStableChecker implements Checker {

  public static final String F_SUBSCRIBE = "subscribe";
  public static final String FRAMEWORK_ID = "framework_id";
  public static final String FRAMEWORK = "framework";

  @Override
  public String name() {
    return "framework-id-stable";
  }

  @Override
  public CheckResult check(History history) {
    Map<String, FirstId> firstIds = new HashMap<>();
    List<String> failures = new ArrayList<>();
    long subscribes = 0;
    for (int index = 0; index < history.size(); index++) {
      Op op = history.get(index);
      if (op.type() != Op.Type.OK || !op.f().equals(F_SUBSCRIBE)) {
        continue;
      }
      subscribes++;
      String framework = op.string(FRAMEWORK).orElse("");
      Optional<String> id = op.string(FRAMEWORK_ID);
      if (id.isEmpty()) {
        failures.add("op " + index + ": subscribe ok without a framework_id: " + op.describe());
        continue;
      }
      FirstId first = firstIds.putIfAbsent(framework, new FirstId(id.get(), index));
      if (first != null && !first.id().equals(id.get())) {
        failures.add(
            String.format(
                "framework %s changed ID: %s at op %d, %s at op %d",
                framework.isEmpty() ? "(unnamed)" : "'" + framework + "'",
                id.get(),
                index,
                first.id(),
                first.index()));
      }
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("subscribes", subscribes);
    counts.put("frameworks", (long) firstIds.size());
    return CheckResult.of(counts, failures);
  }

  private record FirstId(String id, int index) {}
}
