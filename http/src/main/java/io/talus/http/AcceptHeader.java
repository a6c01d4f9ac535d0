package io.talus.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * A parsed {@code Accept} header (RFC 9110 §12.5.1), just enough to ask how acceptable one media
 * type is. Kept apart from {@link MesosHttp} because quality values have more corner cases than the
 * rule that uses them.
 */
final class AcceptHeader {

  private record Range(String type, String subtype, double quality) {

    boolean matches(String otherType, String otherSubtype) {
      return (type.equals("*") || type.equals(otherType))
          && (subtype.equals("*") || subtype.equals(otherSubtype));
    }

    /** {@code *}{@code /*} is 0, {@code type/*} is 1, {@code type/subtype} is 2. */
    int specificity() {
      return type.equals("*") ? 0 : subtype.equals("*") ? 1 : 2;
    }
  }

  private final List<Range> ranges;

  private AcceptHeader(List<Range> ranges) {
    this.ranges = ranges;
  }

  /** Parses every value of the header; malformed ranges are left out rather than failing. */
  static AcceptHeader parse(Collection<String> headerValues) {
    List<Range> ranges = new ArrayList<>();
    for (String value : headerValues) {
      for (String element : value.split(",")) {
        Range range = parseRange(element);
        if (range != null) {
          ranges.add(range);
        }
      }
    }
    return new AcceptHeader(List.copyOf(ranges));
  }

  /**
   * How acceptable {@code mime} ({@code type/subtype}) is, from 0 (not at all) to 1: the quality of
   * the most specific range matching it (the highest, should equally specific ranges disagree), or
   * 0 if none matches.
   */
  double quality(String mime) {
    String[] parts = mime.toLowerCase(Locale.ROOT).split("/", 2);
    int bestSpecificity = -1;
    double quality = 0;
    for (Range range : ranges) {
      if (!range.matches(parts[0], parts[1])) {
        continue;
      }
      int specificity = range.specificity();
      if (specificity > bestSpecificity) {
        bestSpecificity = specificity;
        quality = range.quality();
      } else if (specificity == bestSpecificity) {
        quality = Math.max(quality, range.quality());
      }
    }
    return quality;
  }

  /** One media range with its parameters, or {@code null} if it is malformed. */
  private static Range parseRange(String element) {
    String[] parts = element.split(";");
    String mediaRange = parts[0].trim().toLowerCase(Locale.ROOT);
    int slash = mediaRange.indexOf('/');
    if (slash <= 0 || slash == mediaRange.length() - 1 || mediaRange.indexOf('/', slash + 1) >= 0) {
      return null;
    }
    String type = mediaRange.substring(0, slash).trim();
    String subtype = mediaRange.substring(slash + 1).trim();
    if (type.isEmpty() || subtype.isEmpty() || (type.equals("*") && !subtype.equals("*"))) {
      return null;
    }
    double quality = 1.0;
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      int equals = parameter.indexOf('=');
      if (equals < 0 || !parameter.substring(0, equals).trim().equalsIgnoreCase("q")) {
        continue;
      }
      Double q = parseQuality(parameter.substring(equals + 1).trim());
      if (q == null) {
        return null;
      }
      quality = q;
      // Parameters after q are accept-extensions, which say nothing about acceptability.
      break;
    }
    return new Range(type, subtype, quality);
  }

  private static Double parseQuality(String text) {
    if (!text.matches("[0-9](\\.[0-9]{0,3})?")) {
      return null;
    }
    double q = Double.parseDouble(text);
    return q <= 1.0 ? q : null;
  }
}
