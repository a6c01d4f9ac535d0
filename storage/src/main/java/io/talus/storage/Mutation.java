package io.talus.storage;

import java.util.Objects;

/** One change to a {@link KeyValueStore}: a put when {@code value} is non-null, else a delete. */
public record Mutation(byte[] key, byte[] value) {

  public Mutation {
    Objects.requireNonNull(key, "key");
  }

  public static Mutation put(byte[] key, byte[] value) {
    return new Mutation(key, Objects.requireNonNull(value, "value"));
  }

  public static Mutation delete(byte[] key) {
    return new Mutation(key, null);
  }

  public boolean isDelete() {
    return value == null;
  }
}
