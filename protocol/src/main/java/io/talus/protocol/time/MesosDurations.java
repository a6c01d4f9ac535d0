package io.talus.protocol.time;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Mesos writes them in flags and environment variables: a number and a unit, {@code
 * ns, us, ms, secs, mins, hrs, days, weeks} (e.g. {@code 15secs}, {@code 500ms}, {@code 1.5mins}).
 */
public final class MesosDurations {

  private static final Pattern FORMAT = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([a-z]+)\\s*");

  private MesosDurations() {}

  /** @throws IllegalArgumentException naming the text and the units Mesos knows */
  public static Duration parse(String text) {
    Matcher m = FORMAT.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw invalid(text);
    }
    BigDecimal amount = new BigDecimal(m.group(1));
    long nanosPerUnit = switch (m.group(2)) {
      case "ns" -> 1L;
      case "us" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "secs" -> 1_000_000_000L;
      case "mins" -> 60_000_000_000L;
      case "hrs" -> 3_600_000_000_000L;
      case "days" -> 86_400_000_000_000L;
      case "weeks" -> 604_800_000_000_000L;
      default -> throw invalid(text);
    };
    return Duration.ofNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValueExact());
  }

  /** The shortest exact Mesos form, e.g. {@code 15secs}, {@code 500ms}, {@code 0ns}. */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    long[] units = {604_800_000_000_000L, 86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L,
        1_000_000_000L, 1_000_000L, 1_000L, 1L};
    String[] names = {"weeks", "days", "hrs", "mins", "secs", "ms", "us", "ns"};
    for (int i = 0; i < units.length; i++) {
      if (nanos != 0 && nanos % units[i] == 0) {
        return nanos / units[i] + names[i];
      }
    }
    return "0ns";
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("Invalid duration '" + text
        + "': expected a number and one of ns, us, ms, secs, mins, hrs, days, weeks");
  }
}
