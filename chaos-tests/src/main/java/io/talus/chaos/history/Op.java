package io.talus.chaos.history;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a history: a client (or nemesis) operation at invocation or completion.
 *
 * @param process the logical client that performed it; {@link #NEMESIS} for the fault injector.
 *     A process runs one operation at a time, so an invoke is completed by the next op of the
 *     same process.
 * @param type invoke, or how it completed
 * @param f the function, e.g. {@code subscribe}, {@code launch}, {@code status}
 * @param value the operation's arguments or results, JSON-shaped (strings, numbers, booleans,
 *     lists, maps); numbers read back from JSON come as the smallest fitting type
 * @param error why it failed or is uncertain, for {@code fail} and {@code info}; else {@code null}
 * @param wallClockMillis wall-clock time, epoch milliseconds: for matching against node logs
 * @param nanos monotonic nanoseconds since the history began: for ordering and durations
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Op(
    int process,
    Type type,
    String f,
    Map<String, Object> value,
    String error,
    long wallClockMillis,
    long nanos) {

  /** The process number of the nemesis. */
  public static final int NEMESIS = -1;

  /** Jepsen's operation types. */
  public enum Type {
    /** The operation started. */
    INVOKE,
    /** It completed and took effect. */
    OK,
    /** It completed and certainly did not take effect. */
    FAIL,
    /** Its outcome is unknown (a timeout, a broken connection): it may or may not take effect. */
    INFO;

    @JsonValue
    public String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Type fromJson(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  public Op {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(f, "f");
    // Keeps nulls and insertion order, which Map.copyOf would not.
    value =
        value == null || value.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(value));
  }

  public static Op invoke(int process, String f, Map<String, Object> value, long wall, long nanos) {
    return new Op(process, Type.INVOKE, f, value, null, wall, nanos);
  }

  public static Op ok(int process, String f, Map<String, Object> value, long wall, long nanos) {
    return new Op(process, Type.OK, f, value, null, wall, nanos);
  }

  /** A value as a string, if present and a string or number. */
  public Optional<String> string(String key) {
    Object v = value.get(key);
    if (v instanceof String || v instanceof Number) {
      return Optional.of(v.toString());
    }
    return Optional.empty();
  }

  /** Short form for failure messages: {@code process 3 ok status {task_id=t1, ...}}. */
  public String describe() {
    String who = process == NEMESIS ? "nemesis" : "process " + process;
    return who + " " + type.jsonName() + " " + f + " " + value + (error == null ? "" : " " + error);
  }
}
