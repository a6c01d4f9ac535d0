package io.talus.storage;

import java.io.IOException;

/** Anything that can list records in key order: a store, or a point-in-time view of one. */
@FunctionalInterface
public interface RecordSource {
  void forEach(RecordVisitor visitor) throws IOException;
}
