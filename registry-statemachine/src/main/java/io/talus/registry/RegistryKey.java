package io.talus.registry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The key of one registry record. The byte form is a one-byte kind followed by the identifying
 * parts, so records of a kind sort together and the snapshot's key order is well defined.
 */
sealed interface RegistryKey {

  byte CLUSTER = 0x01;
  byte APPLIED = 0x02;
  byte AGENT = 0x10;
  byte FRAMEWORK = 0x11;
  byte TASK = 0x12;
  byte ROLE = 0x13;
  byte DEDUP = 0x20;

  byte[] bytes();

  record Cluster() implements RegistryKey {
    public byte[] bytes() {
      return new byte[] {CLUSTER};
    }
  }

  record Applied() implements RegistryKey {
    public byte[] bytes() {
      return new byte[] {APPLIED};
    }
  }

  record Agent(String id) implements RegistryKey {
    public byte[] bytes() {
      return withString(AGENT, id);
    }
  }

  record Framework(String id) implements RegistryKey {
    public byte[] bytes() {
      return withString(FRAMEWORK, id);
    }
  }

  /** A framework's task; the framework id is length-prefixed so no id can run into the other. */
  record Task(String frameworkId, String taskId) implements RegistryKey {
    static final java.util.Comparator<Task> ORDER =
        java.util.Comparator.comparing(Task::frameworkId).thenComparing(Task::taskId);

    public byte[] bytes() {
      byte[] f = frameworkId.getBytes(StandardCharsets.UTF_8);
      byte[] t = taskId.getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(1 + 4 + f.length + t.length).put(TASK).putInt(f.length).put(f).put(t).array();
    }
  }

  record Role(String name) implements RegistryKey {
    public byte[] bytes() {
      return withString(ROLE, name);
    }
  }

  /** A dedup entry, keyed by where its op sat in the log, so key order is application order. */
  record Dedup(long index, int position) implements RegistryKey {
    public byte[] bytes() {
      return ByteBuffer.allocate(1 + 8 + 4).put(DEDUP).putLong(index).putInt(position).array();
    }
  }

  private static byte[] withString(byte kind, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[1 + b.length];
    out[0] = kind;
    System.arraycopy(b, 0, out, 1, b.length);
    return out;
  }

  static RegistryKey parse(byte[] key) {
    if (key.length == 0) {
      throw new IllegalArgumentException("empty registry key");
    }
    ByteBuffer buf = ByteBuffer.wrap(key, 1, key.length - 1);
    switch (key[0]) {
      case CLUSTER:
        return new Cluster();
      case APPLIED:
        return new Applied();
      case AGENT:
        return new Agent(rest(key, 1));
      case FRAMEWORK:
        return new Framework(rest(key, 1));
      case ROLE:
        return new Role(rest(key, 1));
      case TASK:
        int n = buf.getInt();
        return new Task(new String(key, 5, n, StandardCharsets.UTF_8), rest(key, 5 + n));
      case DEDUP:
        return new Dedup(buf.getLong(), buf.getInt());
      default:
        throw new IllegalArgumentException("unknown registry record kind 0x" + Integer.toHexString(key[0]));
    }
  }

  private static String rest(byte[] key, int from) {
    return new String(key, from, key.length - from, StandardCharsets.UTF_8);
  }
}
