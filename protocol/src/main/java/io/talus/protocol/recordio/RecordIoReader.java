package io.talus.protocol.recordio;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a streaming RecordIO response body (a master's agent or scheduler stream, an agent's
 * executor stream) on its own daemon thread, hands every record to a consumer in order, then runs
 * {@code onEnd} exactly once, however the stream ended.
 */
public final class RecordIoReader implements AutoCloseable {

  private static final int MAX_RECORD_BYTES = 64 << 20;

  private final InputStream body;
  private final Thread reader;
  private volatile Throwable failure;
  private volatile boolean ended;

  private RecordIoReader(String name, InputStream body, Consumer<byte[]> onRecord, Runnable onEnd) {
    this.body = body;
    this.reader = new Thread(() -> read(onRecord, onEnd), name);
    this.reader.setDaemon(true);
  }

  /** Starts reading {@code body} on a daemon thread named {@code name}. */
  public static RecordIoReader start(
      String name, InputStream body, Consumer<byte[]> onRecord, Runnable onEnd) {
    RecordIoReader r = new RecordIoReader(name, body, onRecord, onEnd);
    r.reader.start();
    return r;
  }

  private void read(Consumer<byte[]> onRecord, Runnable onEnd) {
    RecordIoDecoder decoder = new RecordIoDecoder(MAX_RECORD_BYTES);
    byte[] buf = new byte[16 * 1024];
    try (InputStream in = body) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        for (byte[] record : decoder.feed(buf, 0, n)) {
          onRecord.accept(record);
        }
      }
      if (decoder.hasPartialRecord()) {
        failure = new RecordIoException("stream ended inside a record");
      }
    } catch (IOException | RuntimeException e) {
      failure = e;
    } finally {
      ended = true;
      onEnd.run();
    }
  }

  /** Whether the stream has ended (set before {@code onEnd} runs). */
  public boolean ended() {
    return ended;
  }

  /** Why the stream ended, when it was not a clean end of the body. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Breaks the connection; {@code onEnd} runs on the reader thread soon after. */
  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // closing is all we wanted
    }
  }
}
