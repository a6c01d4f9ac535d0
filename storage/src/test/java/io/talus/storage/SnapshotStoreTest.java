package io.talus.storage;

import static io.talus.storage.KeyValueStoreTest.bytes;
import static io.talus.storage.KeyValueStoreTest.dump;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {

  @TempDir Path tmp;

  private static void fill(RocksDbKeyValueStore db, int from, int to) throws IOException {
    List<Mutation> batch = new ArrayList<>();
    for (int i = from; i < to; i++) {
      batch.add(Mutation.put(bytes(String.format("k%06d", i)), bytes("value-" + i)));
    }
    db.write(batch);
  }

  @Test
  void snapshotLoadsBackTheSameRecordsAndDigest() throws Exception {
    SnapshotStore store = new SnapshotStore(tmp.resolve("snapshots"));
    try (RocksDbKeyValueStore live = RocksDbKeyValueStore.open(tmp.resolve("live"), false)) {
      fill(live, 0, 5000);
      Snapshot s;
      try (RocksDbKeyValueStore.ReadView view = live.openView()) {
        fill(live, 5000, 6000); // after the view was taken: must not be in the snapshot
        s = store.create(3, 120, 7, view);
      }

      assertThat(s.dir().getFileName().toString()).isEqualTo("snapshot.3_120");
      assertThat(s.meta().recordCount()).isEqualTo(5000);
      assertThat(s.meta().schemaVersion()).isEqualTo(7);
      assertThat(store.latest()).hasValueSatisfying(l -> assertThat(l.meta()).isEqualTo(s.meta()));

      InMemoryKeyValueStore loaded = new InMemoryKeyValueStore();
      store.load(s, (k, v) -> loaded.write(List.of(Mutation.put(k, v))));
      assertThat(loaded.size()).isEqualTo(5000);
      assertThat(loaded.get(bytes("k004999"))).isEqualTo(bytes("value-4999"));
      assertThat(loaded.get(bytes("k005000"))).isNull();
      assertThat(s.files()).allSatisfy(f -> assertThat(f).exists().isAbsolute());
    }
  }

  @Test
  void restoredLiveStoreIsWritableAndLeavesTheSnapshotIntact() throws Exception {
    SnapshotStore store = new SnapshotStore(tmp.resolve("snapshots"));
    Snapshot s;
    try (RocksDbKeyValueStore live = RocksDbKeyValueStore.open(tmp.resolve("live"), false)) {
      fill(live, 0, 1000);
      s = store.create(1, 10, 1, live);
    }
    InMemoryKeyValueStore visited = new InMemoryKeyValueStore();
    store.restore(s, (k, v) -> visited.write(List.of(Mutation.put(k, v))), tmp.resolve("live"));
    assertThat(visited.size()).isEqualTo(1000);
    try (RocksDbKeyValueStore live = RocksDbKeyValueStore.open(tmp.resolve("live"), false)) {
      assertThat(dump(live)).hasSize(1000);
      fill(live, 1000, 3000);
      store.create(1, 20, 1, live);
    }
    store.load(s, (k, v) -> { }); // still verifies: restore copied what RocksDB rewrites
    assertThat(store.latest().orElseThrow().index()).isEqualTo(20);
  }

  @Test
  void aCorruptFileIsRefusedLoudly() throws Exception {
    SnapshotStore store = new SnapshotStore(tmp.resolve("snapshots"));
    Snapshot s;
    try (RocksDbKeyValueStore live = RocksDbKeyValueStore.open(tmp.resolve("live"), false)) {
      fill(live, 0, 2000);
      s = store.create(2, 30, 1, live);
    }
    Path sst;
    try (var files = Files.list(s.dir())) {
      sst = files.filter(p -> p.toString().endsWith(".sst")).findFirst().orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(sst.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0xff);
    }
    assertThatThrownBy(() -> store.load(s, (k, v) -> { }))
        .isInstanceOf(IOException.class).hasMessageContaining("corrupt");
    assertThatThrownBy(() -> store.restoreTo(s, tmp.resolve("live2"))).isInstanceOf(IOException.class);
  }

  @Test
  void retainKeepsTheNewestAndSweepsCrashLeftovers() throws Exception {
    SnapshotStore store = new SnapshotStore(tmp.resolve("snapshots"));
    try (RocksDbKeyValueStore live = RocksDbKeyValueStore.open(tmp.resolve("live"), false)) {
      for (int i = 1; i <= 4; i++) {
        fill(live, i * 10, i * 10 + 10);
        store.create(1, i * 100L, 1, live);
      }
    }
    Path leftover = Files.createDirectories(store.dir().resolve(".tmp.snapshot.1_900"));
    store.retain(2);
    assertThat(store.list()).extracting(Snapshot::index).containsExactly(300L, 400L);
    assertThat(leftover).as("may be a snapshot being written").exists();
    store.sweepLeftovers();
    assertThat(leftover).doesNotExist();
  }

  @Test
  void anEmptySourceAndTheInMemoryTwinSnapshotToo() throws Exception {
    SnapshotStore store = new SnapshotStore(tmp.resolve("snapshots"));
    Snapshot empty = store.create(1, 1, 1, new InMemoryKeyValueStore());
    assertThat(empty.meta().recordCount()).isZero();
    store.load(empty, (k, v) -> { throw new AssertionError("no records expected"); });

    InMemoryKeyValueStore memory = new InMemoryKeyValueStore();
    memory.write(List.of(Mutation.put(bytes("b"), bytes("2")), Mutation.put(bytes("a"), bytes("1"))));
    Snapshot s = store.create(1, 2, 1, memory);
    store.restoreTo(s, tmp.resolve("live"));
    try (RocksDbKeyValueStore live = RocksDbKeyValueStore.open(tmp.resolve("live"), false)) {
      assertThat(dump(live)).containsExactly("61=1", "62=2");
    }
  }

  @Test
  void metadataRoundTripsAndRejectsDamage() throws Exception {
    SnapshotMeta meta = new SnapshotMeta(4, 9, 1234, 55, new byte[32],
        List.of(new SnapshotMeta.FileEntry("000001.sst", 100, 0xdeadbeef)));
    byte[] encoded = meta.encode();
    assertThat(SnapshotMeta.decode(encoded)).isEqualTo(meta);

    byte[] flipped = encoded.clone();
    flipped[20] ^= 1;
    assertThatThrownBy(() -> SnapshotMeta.decode(flipped)).hasMessageContaining("checksum");
    assertThatThrownBy(() -> SnapshotMeta.decode(new byte[2])).hasMessageContaining("truncated");
  }
}
