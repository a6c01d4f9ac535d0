package io.talus.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyValueStoreTest {

  @TempDir Path tmp;

  @Test
  void rocksDbAndTheInMemoryTwinAgreeOnContentAndOrder() throws Exception {
    Random random = new Random(42);
    try (RocksDbKeyValueStore rocks = RocksDbKeyValueStore.open(tmp.resolve("db"), false);
         InMemoryKeyValueStore memory = new InMemoryKeyValueStore()) {
      for (int round = 0; round < 50; round++) {
        List<Mutation> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          byte[] key = new byte[1 + random.nextInt(3)];
          random.nextBytes(key); // includes bytes >= 0x80: unsigned order matters
          batch.add(random.nextInt(4) == 0 ? Mutation.delete(key) : Mutation.put(key, bytes("v" + random.nextInt())));
        }
        rocks.write(batch);
        memory.write(batch);
      }
      assertThat(dump(rocks)).isEqualTo(dump(memory)).isNotEmpty();
      RecordDigest a = new RecordDigest();
      RecordDigest b = new RecordDigest();
      rocks.forEach(a);
      memory.forEach(b);
      assertThat(a.digest()).isEqualTo(b.digest());
    }
  }

  @Test
  void getSeesPutsAndDeletes() throws Exception {
    try (RocksDbKeyValueStore rocks = RocksDbKeyValueStore.open(tmp.resolve("db"), true)) {
      rocks.write(List.of(Mutation.put(bytes("a"), bytes("1")), Mutation.put(bytes("b"), bytes("2"))));
      rocks.write(List.of(Mutation.delete(bytes("a"))));
      assertThat(rocks.get(bytes("a"))).isNull();
      assertThat(rocks.get(bytes("b"))).isEqualTo(bytes("2"));
    }
  }

  @Test
  void syncedWritesSurviveAReopenAndNeedTheWal() throws Exception {
    try (RocksDbKeyValueStore rocks = RocksDbKeyValueStore.open(tmp.resolve("db"), true, true)) {
      rocks.write(List.of(Mutation.put(bytes("k"), bytes("v"))));
    }
    try (RocksDbKeyValueStore rocks = RocksDbKeyValueStore.open(tmp.resolve("db"), true, true)) {
      assertThat(rocks.get(bytes("k"))).isEqualTo(bytes("v"));
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RocksDbKeyValueStore.open(tmp.resolve("other"), false, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WAL");
  }

  static List<String> dump(KeyValueStore store) throws Exception {
    List<String> out = new ArrayList<>();
    store.forEach((k, v) -> out.add(java.util.HexFormat.of().formatHex(k) + "=" + new String(v, StandardCharsets.UTF_8)));
    return out;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
