package io.talus.storage;

import java.io.IOException;

/** Receives records in key order. */
@FunctionalInterface
public interface RecordVisitor {
  void visit(byte[] key, byte[] value) throws IOException;
}
