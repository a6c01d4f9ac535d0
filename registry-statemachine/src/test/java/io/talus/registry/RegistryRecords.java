package io.talus.registry;

import io.talus.storage.InMemoryKeyValueStore;
import io.talus.storage.KeyValueStore;
import io.talus.storage.Mutation;
import io.talus.storage.RecordVisitor;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: the registry's records as comparable values. A "stream" is every record in key
 * order, each key and value length-prefixed, in one byte array: two registries (or stores) hold the
 * same content exactly when their streams are equal.
 */
public final class RegistryRecords {

  /** The first key byte of the applied term/index record (see {@code RegistryKey}). */
  public static final byte APPLIED_KIND = 0x02;

  private RegistryRecords() {}

  /** The registry's canonical record stream ({@link Registry#forEachRecord}). */
  public static byte[] stream(Registry registry) {
    return collect(registry::forEachRecord);
  }

  /** The store's content in key order, in the same form as {@link #stream(Registry)}. */
  public static byte[] stream(KeyValueStore store) {
    return collect(store::forEach);
  }

  /** The registry's records without the applied term/index: what an op may change. */
  public static byte[] streamWithoutApplied(Registry registry) {
    return collect(visitor -> registry.forEachRecord((k, v) -> {
      if (k[0] != APPLIED_KIND) {
        visitor.visit(k, v);
      }
    }));
  }

  /** A store holding the registry's records, as a snapshot would. */
  public static InMemoryKeyValueStore copyToStore(Registry registry) {
    InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    List<Mutation> puts = new ArrayList<>();
    try {
      registry.forEachRecord((k, v) -> puts.add(Mutation.put(k, v)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store.write(puts);
    return store;
  }

  /** A registry restored from a copy of {@code registry}'s records. */
  public static Registry copy(Registry registry) {
    try {
      return Registry.restore(copyToStore(registry));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first key bytes of the drained mutations, in drain order. */
  public static List<Byte> kinds(List<Mutation> mutations) {
    return mutations.stream().map(m -> m.key()[0]).toList();
  }

  @FunctionalInterface
  private interface Source {
    void forEach(RecordVisitor visitor) throws IOException;
  }

  private static byte[] collect(Source source) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      source.forEach((k, v) -> {
        out.writeInt(k.length);
        out.write(k);
        out.writeInt(v.length);
        out.write(v);
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
