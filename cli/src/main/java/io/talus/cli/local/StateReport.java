package io.talus.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The summary {@code talus state} prints, from the leader's {@code /master/state} and {@code
 * /master/raft}: one labelled line per fact, an indented line per agent and framework. A pure
 * function of the JSON, so that the format is tested without a cluster.
 */
public final class StateReport {

  private StateReport() {}

  /**
   * @param leaderUrl the leader's base URL
   * @param raft the leader's {@code /master/raft}; empty when it did not answer
   */
  public static List<String> lines(String leaderUrl, JsonNode state, Optional<JsonNode> raft) {
    List<String> out = new ArrayList<>();
    String leaderId = raft.map(r -> r.path("leader_id").asText(r.path("peer_id").asText()))
        .orElse(state.path("leader_info").path("id").asText("?"));
    out.add(label("leader") + leaderId + " at " + leaderUrl);
    if (raft.isPresent()) {
      JsonNode r = raft.get();
      out.add(label("raft") + "term " + r.path("term").asLong() + ", commit index " + r.path("commit_index").asLong()
          + ", applied index " + r.path("applied_index").asLong());
      List<String> peers = new ArrayList<>();
      r.path("peers").forEach(p -> peers.add(p.path("id").asText() + " " + p.path("address").asText()));
      out.add(label("peers") + String.join(", ", peers));
    } else {
      out.add(label("raft") + "unknown (the leader's /master/raft did not answer)");
    }
    if (state.has("cluster")) {
      out.add(label("cluster") + state.get("cluster").asText());
    }
    agents(state, out);
    frameworks(state, out);
    return out;
  }

  private static void agents(JsonNode state, List<String> out) {
    JsonNode slaves = state.path("slaves");
    long active = 0;
    for (JsonNode s : slaves) {
      active += s.path("active").asBoolean() ? 1 : 0;
    }
    long inactive = slaves.size() - active;
    long unreachable = state.path("unreachable_slaves").asLong();
    out.add(label("agents") + active + " active" + (inactive > 0 ? ", " + inactive + " inactive" : "")
        + ", " + unreachable + " unreachable");
    for (JsonNode s : slaves) {
      out.add("  " + s.path("id").asText() + "  " + s.path("hostname").asText() + "  "
          + (s.path("active").asBoolean() ? "active" : "inactive") + "  " + resources(s.path("resources")));
    }
  }

  private static void frameworks(JsonNode state, List<String> out) {
    JsonNode frameworks = state.path("frameworks");
    long active = 0;
    for (JsonNode f : frameworks) {
      active += f.path("active").asBoolean() ? 1 : 0;
    }
    out.add(label("frameworks") + active + " active, " + (frameworks.size() - active) + " inactive, "
        + state.path("completed_frameworks").size() + " completed");
    Map<String, Long> total = new TreeMap<>();
    for (JsonNode f : frameworks) {
      Map<String, Long> counts = taskCounts(f);
      counts.forEach((s, n) -> total.merge(s, n, Long::sum));
      out.add("  " + f.path("id").asText() + "  " + f.path("name").asText() + "  "
          + (f.path("active").asBoolean() ? "active" : "inactive") + "  tasks: " + counts(counts));
    }
    out.add(label("tasks") + counts(total));
  }

  /**
   * Tasks of a framework by state: running, unreachable and completed ones alike. A terminal task
   * whose update is not acknowledged yet may be listed both in {@code tasks} and in {@code
   * completed_tasks}; it counts once.
   */
  static Map<String, Long> taskCounts(JsonNode framework) {
    Map<String, Long> counts = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (String list : new String[] {"tasks", "unreachable_tasks", "completed_tasks"}) {
      for (JsonNode t : framework.path(list)) {
        String state = t.path("state").asText("UNKNOWN");
        String key = t.path("id").asText() + " " + state;
        if (list.equals("completed_tasks") ? !seen.contains(key) : seen.add(key)) {
          counts.merge(state, 1L, Long::sum);
        }
      }
    }
    return counts;
  }

  /** {@code TASK_FINISHED 3, TASK_RUNNING 1 (total 4)}; {@code none (total 0)}. */
  static String counts(Map<String, Long> counts) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    String each = counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
    return (each.isEmpty() ? "none" : each) + " (total " + total + ")";
  }

  /** Mesos's resources object as the {@code --resources} flag writes it; zero scalars left out. */
  static String resources(JsonNode resources) {
    List<String> parts = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = resources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> r = it.next();
      JsonNode v = r.getValue();
      if (v.isNumber()) {
        if (v.asDouble() != 0) {
          parts.add(r.getKey() + ":" + new BigDecimal(v.asText()).stripTrailingZeros().toPlainString());
        }
      } else if (!v.asText().isEmpty()) {
        parts.add(r.getKey() + ":" + v.asText());
      }
    }
    return String.join(";", parts);
  }

  private static String label(String name) {
    return String.format("%-12s", name + ":");
  }
}
