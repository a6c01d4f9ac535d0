package io.talus.master.allocator;

import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.Value;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.List;

/**
 * The allocator's knobs, named after the Mesos master flags they mirror.
 *
 * @param minAllocatable Mesos's {@code --min_allocatable_resources}: an agent's leftovers are only
 *     offered if they hold at least one of these scalar quantities, so that frameworks are not
 *     flooded with crumbs (a few ports and no CPU) they can never use. Empty means any non-empty
 *     leftover is offered.
 * @param filterGpuResources Mesos's {@code --filter_gpu_resources}: agents that have GPUs are only
 *     offered to frameworks with the GPU_RESOURCES capability, so that GPU machines are not filled
 *     with CPU-only work.
 */
public record AllocatorOptions(List<Resources> minAllocatable, boolean filterGpuResources) {

  /** Mesos's default {@code --min_allocatable_resources}. */
  public static final String DEFAULT_MIN_ALLOCATABLE = "cpus:0.01|mem:32";

  public AllocatorOptions {
    minAllocatable = List.copyOf(minAllocatable);
    for (Resources alternative : minAllocatable) {
      for (Resource r : alternative) {
        if (r.getType() != Value.Type.SCALAR) {
          throw new IllegalArgumentException(
              "min allocatable resources must be scalar quantities, got '" + r.getName() + "'");
        }
      }
    }
  }

  public static AllocatorOptions defaults() {
    return new AllocatorOptions(parseMinAllocatable(DEFAULT_MIN_ALLOCATABLE), true);
  }

  /** Parses Mesos's flag syntax, alternatives separated by {@code |}: {@code cpus:1|mem:32}. */
  public static List<Resources> parseMinAllocatable(String spec) {
    List<Resources> alternatives = new ArrayList<>();
    for (String alternative : spec.split("\\|")) {
      if (!alternative.isBlank()) {
        alternatives.add(Resources.parse(alternative));
      }
    }
    return alternatives;
  }

  public AllocatorOptions withMinAllocatable(String spec) {
    return new AllocatorOptions(parseMinAllocatable(spec), filterGpuResources);
  }

  public AllocatorOptions withFilterGpuResources(boolean filter) {
    return new AllocatorOptions(minAllocatable, filter);
  }

  /** Whether {@code candidate} is worth an offer: it holds one of the minimum quantities. */
  boolean allocatable(Resources candidate) {
    if (candidate.isEmpty()) {
      return false;
    }
    if (minAllocatable.isEmpty()) {
      return true;
    }
    for (Resources alternative : minAllocatable) {
      boolean enough = true;
      for (Resource r : alternative) {
        // Quantities only: a reserved or revocable CPU counts as much as an unreserved one.
        if (candidate.scalar(r.getName()) < r.getScalar().getValue()) {
          enough = false;
          break;
        }
      }
      if (enough) {
        return true;
      }
    }
    return false;
  }
}
