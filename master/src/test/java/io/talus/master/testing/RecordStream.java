package io.talus.master.testing;

import io.talus.protocol.recordio.RecordIoDecoder;
import io.talus.protocol.recordio.RecordIoException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * Reads a streaming (RecordIO) response body on its own daemon thread and hands every record to
 * a consumer, then runs {@code onEnd} once the stream ends for whatever reason.
 */
final class RecordStream implements AutoCloseable {

  private final InputStream body;
  private final Thread reader;
  private volatile boolean ended;
  private volatile Throwable failure;

  RecordStream(String name, InputStream body, Consumer<byte[]> onRecord, Runnable onEnd) {
    this.body = body;
    this.reader = new Thread(() -> read(onRecord, onEnd), name);
    this.reader.setDaemon(true);
  }

  RecordStream start() {
    reader.start();
    return this;
  }

  private void read(Consumer<byte[]> onRecord, Runnable onEnd) {
    RecordIoDecoder decoder = new RecordIoDecoder(64 << 20);
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

  boolean ended() {
    return ended;
  }

  /** Why the stream ended, when it was not a clean end of the body. */
  Throwable failure() {
    return failure;
  }

  /** Breaks the connection, as a client that goes away does. */
  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // closing is all we wanted
    }
  }
}
