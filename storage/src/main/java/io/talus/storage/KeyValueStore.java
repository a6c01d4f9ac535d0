package io.talus.storage;

import java.io.IOException;
import java.util.List;

/**
 * An ordered byte-key store. Keys are compared as unsigned bytes, so iteration order is the same for
 * every implementation (and equals RocksDB's default comparator).
 */
public interface KeyValueStore extends RecordSource, AutoCloseable {

  /** Applies the mutations atomically, in order. */
  void write(List<Mutation> mutations) throws IOException;

  byte[] get(byte[] key) throws IOException;

  /** Visits every record in key order. */
  @Override
  void forEach(RecordVisitor visitor) throws IOException;

  @Override
  void close() throws IOException;
}
