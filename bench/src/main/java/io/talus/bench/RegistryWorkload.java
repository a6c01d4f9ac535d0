package io.talus.bench;

import io.talus.protocol.registry.RegistryBatch;
import io.talus.registry.Registry;
import io.talus.registry.RegistryOpGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * A pre-generated registry log: entries from {@link RegistryOpGenerator}, each generated against a
 * registry that applied every earlier entry at term 1 and index 1, 2, 3, ... Replaying them on a
 * fresh registry at the same indexes reproduces the same states (derived ids included), so the
 * entries stay as realistic on replay as when they were generated.
 */
public final class RegistryWorkload {

  public static final long TERM = 1;

  private RegistryWorkload() {}

  /** Entries of exactly {@code opsPerEntry} ops each, about {@code totalOps} ops in all (at least one entry). */
  public static List<RegistryBatch> generate(long seed, int opsPerEntry, int totalOps) {
    RegistryOpGenerator generator = new RegistryOpGenerator(seed);
    Registry view = new Registry();
    int entries = Math.max(1, totalOps / opsPerEntry);
    List<RegistryBatch> out = new ArrayList<>(entries);
    for (int index = 1; index <= entries; index++) {
      RegistryBatch entry = generator.nextBatch(view, opsPerEntry, opsPerEntry);
      view.applyEntry(TERM, index, entry);
      out.add(entry);
    }
    return out;
  }
}
