package io.talus.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.talus.protocol.registry.RegistryBatch;
import io.talus.protocol.registry.RegistryBatchResult;
import io.talus.storage.RecordDigest;
import io.talus.storage.RocksDbKeyValueStore;
import io.talus.storage.Snapshot;
import io.talus.storage.SnapshotStore;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real snapshot path: a RocksDB live store fed by drained changes, a {@link SnapshotStore}
 * checkpoint of it, and a fresh registry loaded from that snapshot, which then continues in step
 * with the original.
 */
class RocksDbSnapshotTest {

  private static final long SEED = 20_240_607L;
  private static final int MAX_OPS = 16;
  private static final long TERM = 3;

  @TempDir
  Path dir;

  private final Registry original = new Registry();
  private final RegistryOpGenerator generator = new RegistryOpGenerator(SEED);
  private long index;

  private void applyToLive(int entries, RocksDbKeyValueStore live) throws IOException {
    for (int i = 0; i < entries; i++) {
      original.applyEntry(TERM, ++index, generator.nextBatch(original, MAX_OPS));
      live.write(original.drainChanges());
    }
  }

  private void continueInStep(Registry restored, int entries) {
    for (int i = 0; i < entries; i++) {
      RegistryBatch batch = generator.nextBatch(original, MAX_OPS);
      index++;
      RegistryBatchResult expected = original.applyEntry(TERM, index, batch);
      assertThat(restored.applyEntry(TERM, index, batch)).as("entry %d", index).isEqualTo(expected);
    }
    assertThat(RecordDigest.hex(restored.contentDigest())).isEqualTo(RecordDigest.hex(original.contentDigest()));
    assertThat(RegistryRecords.stream(restored)).isEqualTo(RegistryRecords.stream(original));
  }

  @Test
  void registryLoadedFromASnapshotContinuesInStepWithTheOriginal() throws IOException {
    SnapshotStore snapshots = new SnapshotStore(dir.resolve("snapshots"));
    Registry restored = new Registry();
    try (RocksDbKeyValueStore live = RocksDbKeyValueStore.open(dir.resolve("live"), false)) {
      applyToLive(400, live);
      assertThat(RegistryRecords.stream(live)).isEqualTo(RegistryRecords.stream(original));

      Snapshot snapshot = snapshots.create(TERM, index, Registry.SCHEMA_VERSION, live);

      assertThat(snapshot.meta().schemaVersion()).isEqualTo(Registry.SCHEMA_VERSION);
      assertThat(snapshot.term()).isEqualTo(TERM);
      assertThat(snapshot.index()).isEqualTo(index);
      assertThat(RecordDigest.hex(snapshot.meta().contentDigest()))
          .as("the snapshot's digest is the registry's content digest")
          .isEqualTo(RecordDigest.hex(original.contentDigest()));
      snapshots.load(snapshots.latest().orElseThrow(), restored::load);
    }

    assertThat(restored.applied()).isEqualTo(original.applied());
    assertThat(restored.applied().getIndex()).isEqualTo(index);
    assertThat(restored.contentDigest()).isEqualTo(original.contentDigest());
    assertThat(restored.drainChanges()).as("a loaded registry has no pending changes").isEmpty();
    continueInStep(restored, 300);
  }

  @Test
  void liveStoreRestoredFromASnapshotRestoresAnEqualRegistry() throws IOException {
    SnapshotStore snapshots = new SnapshotStore(dir.resolve("snapshots"));
    Snapshot snapshot;
    try (RocksDbKeyValueStore live = RocksDbKeyValueStore.open(dir.resolve("live"), false)) {
      applyToLive(250, live);
      snapshot = snapshots.create(TERM, index, Registry.SCHEMA_VERSION, live);
    }

    Path restartedLive = dir.resolve("restarted-live");
    snapshots.restoreTo(snapshot, restartedLive);
    Registry restored;
    try (RocksDbKeyValueStore live = RocksDbKeyValueStore.open(restartedLive, false)) {
      restored = Registry.restore(live);
    }

    assertThat(restored.applied()).isEqualTo(original.applied());
    continueInStep(restored, 200);
  }
}
