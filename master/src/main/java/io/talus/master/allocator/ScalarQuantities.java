package io.talus.master.allocator;

import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.Value;
import io.talus.protocol.resources.Resources;
import io.talus.protocol.resources.Values;
import java.util.HashMap;
import java.util.Map;

/**
 * Amounts of scalar resources by name, in Mesos's three-decimal fixed point, with roles,
 * reservations and allocation stripped: DRF compares how much of each kind a client holds with how
 * much the cluster has, whatever the kind's labels. Ranges and sets (ports) do not count towards
 * shares, as in Mesos's sorter.
 */
final class ScalarQuantities {

  private final Map<String, Long> thousandths = new HashMap<>();
  private long version;

  void add(Resources resources) {
    change(resources, 1);
  }

  void subtract(Resources resources) {
    change(resources, -1);
  }

  /**
   * Increases on every change; sorters compare it with the one their shares were computed at to
   * know when the cluster total has moved under them.
   */
  long version() {
    return version;
  }

  boolean isEmpty() {
    return thousandths.isEmpty();
  }

  /** The largest fraction of {@code total} this holds of any one kind: the dominant share. */
  double dominantShare(ScalarQuantities total) {
    double share = 0;
    for (Map.Entry<String, Long> e : thousandths.entrySet()) {
      long of = total.thousandths.getOrDefault(e.getKey(), 0L);
      // A kind the cluster has none of cannot be anyone's dominant resource (Mesos skips it too).
      if (of > 0) {
        share = Math.max(share, (double) e.getValue() / of);
      }
    }
    return share;
  }

  private void change(Resources resources, int sign) {
    for (Resource r : resources) {
      if (r.getType() == Value.Type.SCALAR) {
        long delta = sign * Values.toFixed(r.getScalar().getValue());
        long next = thousandths.getOrDefault(r.getName(), 0L) + delta;
        if (next <= 0) {
          thousandths.remove(r.getName());
        } else {
          thousandths.put(r.getName(), next);
        }
        version++;
      }
    }
  }

  @Override
  public String toString() {
    return thousandths.toString();
  }
}
