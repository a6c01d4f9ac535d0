package io.talus.storage;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.io.IOException;

/** The in-memory twin of {@link RocksDbKeyValueStore}, for tests. */
public final class InMemoryKeyValueStore implements KeyValueStore {

  private final TreeMap<byte[], byte[]> records = new TreeMap<>(Arrays::compareUnsigned);

  @Override
  public synchronized void write(List<Mutation> mutations) {
    for (Mutation m : mutations) {
      if (m.isDelete()) {
        records.remove(m.key());
      } else {
        records.put(m.key().clone(), m.value().clone());
      }
    }
  }

  @Override
  public synchronized byte[] get(byte[] key) {
    byte[] v = records.get(key);
    return v == null ? null : v.clone();
  }

  @Override
  public synchronized void forEach(RecordVisitor visitor) throws IOException {
    for (Map.Entry<byte[], byte[]> e : records.entrySet()) {
      visitor.visit(e.getKey(), e.getValue());
    }
  }

  public synchronized int size() {
    return records.size();
  }

  @Override
  public void close() {}
}
