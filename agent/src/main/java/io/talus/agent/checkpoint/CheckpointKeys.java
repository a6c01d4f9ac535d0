package io.talus.agent.checkpoint;

import com.google.protobuf.ByteString;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.TaskID;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The keys of the checkpoint: one kind byte, then each id as its UTF-8 bytes with NUL escaped as
 * {@code 00 FF} and ended by {@code 00 01} (the FoundationDB tuple layer's trick). Ids come from
 * frameworks and may hold any character, "/" and NUL included; this encoding keeps them apart
 * (no id can end early or run into the next) and keeps the order of the ids, so that a scan
 * returns, say, frameworks sorted by id and a framework's records next to each other.
 */
final class CheckpointKeys {

  static final byte VERSION = 'v';
  static final byte AGENT = 'a';
  static final byte FRAMEWORK = 'f';
  static final byte EXECUTOR = 'e';
  static final byte TASK = 't';
  static final byte UPDATES = 'u';

  private CheckpointKeys() {}

  static byte[] version() {
    return new byte[] {VERSION};
  }

  static byte[] agent() {
    return new byte[] {AGENT};
  }

  static byte[] framework(FrameworkID frameworkId) {
    return key(FRAMEWORK, frameworkId.getValueBytes());
  }

  static byte[] executor(FrameworkID frameworkId, ExecutorID executorId) {
    return key(EXECUTOR, frameworkId.getValueBytes(), executorId.getValueBytes());
  }

  static byte[] task(FrameworkID frameworkId, TaskID taskId) {
    return key(TASK, frameworkId.getValueBytes(), taskId.getValueBytes());
  }

  static byte[] updates(FrameworkID frameworkId, TaskID taskId) {
    return key(UPDATES, frameworkId.getValueBytes(), taskId.getValueBytes());
  }

  static byte[] key(byte kind, ByteString... ids) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(kind);
    for (ByteString id : ids) {
      for (int i = 0; i < id.size(); i++) {
        byte b = id.byteAt(i);
        out.write(b);
        if (b == 0) {
          out.write(0xFF);
        }
      }
      out.write(0);
      out.write(1);
    }
    return out.toByteArray();
  }

  /** The key for error messages: printable ASCII as is, other bytes as {@code \xNN}. */
  static String describe(byte[] key) {
    StringBuilder text = new StringBuilder();
    for (byte b : key) {
      if (b >= 0x20 && b < 0x7F && b != '\\') {
        text.append((char) b);
      } else {
        text.append(String.format("\\x%02x", b & 0xFF));
      }
    }
    return text.toString();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
