package io.talus.protocol.resources;

import io.talus.mesos.v1.Protos.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Arithmetic on Mesos {@code Value}s with Mesos's semantics. Range bounds are uint64 and compared
 * unsigned. Results are always coalesced: sorted, with overlapping and adjacent ranges merged.
 */
public final class Values {

  private static final Comparator<Value.Range> BY_BEGIN =
      (a, b) -> Long.compareUnsigned(a.getBegin(), b.getBegin());

  private Values() {}

  /**
   * A scalar as an integer count of thousandths. Mesos computes with scalars this way so that sums
   * of fractional CPUs neither drift nor leave dust ({@code 0.1 + 0.2} equals {@code 0.3}).
   */
  public static long toFixed(double value) {
    // Half away from zero, like llround().
    return value < 0 ? -Math.round(-value * 1000) : Math.round(value * 1000);
  }

  public static double fromFixed(long thousandths) {
    return thousandths / 1000.0;
  }

  /** {@code value} rounded to Mesos's three decimal places. */
  public static double round(double value) {
    return fromFixed(toFixed(value));
  }

  public static Value.Scalar scalar(double value) {
    return Value.Scalar.newBuilder().setValue(value).build();
  }

  public static Value.Scalar add(Value.Scalar a, Value.Scalar b) {
    return scalar(fromFixed(toFixed(a.getValue()) + toFixed(b.getValue())));
  }

  public static Value.Scalar subtract(Value.Scalar a, Value.Scalar b) {
    return scalar(fromFixed(toFixed(a.getValue()) - toFixed(b.getValue())));
  }

  public static boolean contains(Value.Scalar a, Value.Scalar b) {
    return toFixed(b.getValue()) <= toFixed(a.getValue());
  }

  /** Ranges from begin/end pairs, e.g. {@code ranges(31000, 32000)}. */
  public static Value.Ranges ranges(long... beginEndPairs) {
    if (beginEndPairs.length % 2 != 0) {
      throw new IllegalArgumentException("ranges need begin/end pairs, got an odd count");
    }
    List<Value.Range> list = new ArrayList<>();
    for (int i = 0; i < beginEndPairs.length; i += 2) {
      list.add(range(beginEndPairs[i], beginEndPairs[i + 1]));
    }
    return coalesce(list);
  }

  public static Value.Range range(long begin, long end) {
    return Value.Range.newBuilder().setBegin(begin).setEnd(end).build();
  }

  public static Value.Ranges coalesce(Value.Ranges ranges) {
    return coalesce(ranges.getRangeList());
  }

  /**
   * Sorts and merges overlapping and adjacent ranges ({@code [1-2],[3-4]} is {@code [1-4]}).
   *
   * @throws IllegalArgumentException if a range ends before it begins
   */
  public static Value.Ranges coalesce(Iterable<Value.Range> ranges) {
    List<Value.Range> sorted = new ArrayList<>();
    for (Value.Range r : ranges) {
      if (Long.compareUnsigned(r.getBegin(), r.getEnd()) > 0) {
        throw new IllegalArgumentException(
            "invalid range "
                + Long.toUnsignedString(r.getBegin())
                + "-"
                + Long.toUnsignedString(r.getEnd())
                + ": begin is greater than end");
      }
      sorted.add(r);
    }
    sorted.sort(BY_BEGIN);
    Value.Ranges.Builder out = Value.Ranges.newBuilder();
    long begin = 0;
    long end = 0;
    boolean open = false;
    for (Value.Range r : sorted) {
      if (open && (end == -1L || Long.compareUnsigned(r.getBegin(), end + 1) <= 0)) {
        if (Long.compareUnsigned(r.getEnd(), end) > 0) {
          end = r.getEnd();
        }
      } else {
        if (open) {
          out.addRange(range(begin, end));
        }
        begin = r.getBegin();
        end = r.getEnd();
        open = true;
      }
    }
    if (open) {
      out.addRange(range(begin, end));
    }
    return out.build();
  }

  public static Value.Ranges add(Value.Ranges a, Value.Ranges b) {
    List<Value.Range> all = new ArrayList<>(a.getRangeList());
    all.addAll(b.getRangeList());
    return coalesce(all);
  }

  /** The numbers of {@code a} that are not in {@code b}. */
  public static Value.Ranges subtract(Value.Ranges a, Value.Ranges b) {
    List<Value.Range> left = coalesce(a).getRangeList();
    List<Value.Range> right = coalesce(b).getRangeList();
    Value.Ranges.Builder out = Value.Ranges.newBuilder();
    int j = 0;
    for (Value.Range r : left) {
      long cursor = r.getBegin();
      boolean exhausted = false;
      // Skip the removals that end before this range starts; they cannot touch later ones either.
      while (j < right.size() && Long.compareUnsigned(right.get(j).getEnd(), cursor) < 0) {
        j++;
      }
      int k = j;
      while (!exhausted
          && k < right.size()
          && Long.compareUnsigned(right.get(k).getBegin(), r.getEnd()) <= 0) {
        Value.Range cut = right.get(k);
        if (Long.compareUnsigned(cut.getBegin(), cursor) > 0) {
          out.addRange(range(cursor, cut.getBegin() - 1));
        }
        if (Long.compareUnsigned(cut.getEnd(), r.getEnd()) >= 0) {
          exhausted = true;
        } else {
          cursor = cut.getEnd() + 1;
          k++;
        }
      }
      if (!exhausted) {
        out.addRange(range(cursor, r.getEnd()));
      }
    }
    return out.build();
  }

  public static boolean contains(Value.Ranges a, Value.Ranges b) {
    return subtract(b, a).getRangeCount() == 0;
  }

  /** How many numbers the ranges cover; saturates at {@link Long#MAX_VALUE}. */
  public static long count(Value.Ranges ranges) {
    long total = 0;
    for (Value.Range r : coalesce(ranges).getRangeList()) {
      long size = r.getEnd() - r.getBegin() + 1;
      if (size <= 0 || total + size < total) {
        return Long.MAX_VALUE;
      }
      total += size;
    }
    return total;
  }

  public static Value.Set set(String... items) {
    return Value.Set.newBuilder().addAllItem(new LinkedHashSet<>(List.of(items))).build();
  }

  /** The union, keeping {@code a}'s order and then {@code b}'s new items. */
  public static Value.Set add(Value.Set a, Value.Set b) {
    Set<String> items = new LinkedHashSet<>(a.getItemList());
    items.addAll(b.getItemList());
    return Value.Set.newBuilder().addAllItem(items).build();
  }

  public static Value.Set subtract(Value.Set a, Value.Set b) {
    Set<String> items = new LinkedHashSet<>(a.getItemList());
    items.removeAll(b.getItemList());
    return Value.Set.newBuilder().addAllItem(items).build();
  }

  public static boolean contains(Value.Set a, Value.Set b) {
    return a.getItemList().containsAll(b.getItemList());
  }

  /** As Mesos prints ranges: {@code [31000-32000, 33000-34000]}. */
  public static String format(Value.Ranges ranges) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < ranges.getRangeCount(); i++) {
      Value.Range r = ranges.getRange(i);
      if (i > 0) {
        s.append(", ");
      }
      s.append(Long.toUnsignedString(r.getBegin()))
          .append('-')
          .append(Long.toUnsignedString(r.getEnd()));
    }
    return s.append(']').toString();
  }

  /** As Mesos prints sets: {@code {a, b}}. */
  public static String format(Value.Set set) {
    return "{" + String.join(", ", set.getItemList()) + "}";
  }

  /** As Mesos prints a scalar in text: no trailing {@code .0} on whole numbers. */
  public static String format(Value.Scalar scalar) {
    double v = round(scalar.getValue());
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
