package io.talus.protocol.recordio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Frames records as Mesos RecordIO: the payload's length in decimal ASCII, {@code '\n'}, the
 * payload.
 */
public final class RecordIo {

  private RecordIo() {}

  /** One framed record; Mesos sends each as its own HTTP chunk, so callers get it as one array. */
  public static byte[] encode(byte[] payload) {
    byte[] header = header(payload.length);
    byte[] record = new byte[header.length + payload.length];
    System.arraycopy(header, 0, record, 0, header.length);
    System.arraycopy(payload, 0, record, header.length, payload.length);
    return record;
  }

  /** Writes one framed record to {@code out}; does not flush. */
  public static void encode(byte[] payload, OutputStream out) throws IOException {
    out.write(header(payload.length));
    out.write(payload);
  }

  private static byte[] header(int length) {
    return (length + "\n").getBytes(StandardCharsets.US_ASCII);
  }
}
