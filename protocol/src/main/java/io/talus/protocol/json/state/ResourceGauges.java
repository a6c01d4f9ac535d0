package io.talus.protocol.json.state;

import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.Value;
import io.talus.protocol.resources.Resources;
import io.talus.protocol.resources.Values;
import java.util.List;
import java.util.Map;

/**
 * Mesos's resource gauges of {@code /metrics/snapshot}, {@code <prefix>cpus_total}, {@code
 * _used} and {@code _percent} (used / total, 0 when the total is 0) for cpus, mem, disk and gpus,
 * over non-revocable resources. What counts as total and as used is the caller's; this sums them
 * in fixed point, so that sums stay exact, and writes the gauges.
 */
public final class ResourceGauges {

  private static final List<String> SCALARS = List.of("cpus", "mem", "disk", "gpus");

  private final long[] total = new long[SCALARS.size()];
  private final long[] used = new long[SCALARS.size()];

  public ResourceGauges addTotal(Resources resources) {
    add(total, resources);
    return this;
  }

  public ResourceGauges addUsed(Resources resources) {
    add(used, resources);
    return this;
  }

  /** Puts the twelve gauges, each name prefixed with {@code prefix} (e.g. {@code "master/"}). */
  public void putInto(Map<String, ? super Double> metrics, String prefix) {
    for (int i = 0; i < SCALARS.size(); i++) {
      String name = SCALARS.get(i);
      double t = Values.fromFixed(total[i]);
      double u = Values.fromFixed(used[i]);
      metrics.put(prefix + name + "_total", t);
      metrics.put(prefix + name + "_used", u);
      metrics.put(prefix + name + "_percent", t == 0 ? 0.0 : u / t);
    }
  }

  private static void add(long[] sums, Resources resources) {
    for (Resource r : resources) {
      int i = SCALARS.indexOf(r.getName());
      if (i >= 0 && r.getType() == Value.Type.SCALAR && !r.hasRevocable()) {
        sums[i] += Values.toFixed(r.getScalar().getValue());
      }
    }
  }
}
