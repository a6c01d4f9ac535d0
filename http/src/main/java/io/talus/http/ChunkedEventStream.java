package io.talus.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import io.talus.protocol.recordio.RecordIo;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EventStream} over a chunked response.
 *
 * <p>Every write is a task on the channel's event loop, even from the event loop itself: tasks run
 * in the order they were queued, so records keep the order of the {@code sendRecord} calls and the
 * final chunk comes after all of them. {@code lock} makes "still open?" and "queue the write" one
 * step, so nothing is queued after the final chunk.
 */
final class ChunkedEventStream implements EventStream {

  private static final Logger LOG = LoggerFactory.getLogger(ChunkedEventStream.class);

  private final Channel channel;
  private final long maxPendingBytes;
  private final String serverName;
  private final SocketAddress remoteAddress;

  /** Record bytes accepted but not yet handed to the socket. */
  private final AtomicLong pendingBytes = new AtomicLong();

  /** The part of {@link #pendingBytes} still waiting for the event loop to write it. */
  private final AtomicLong queuedBytes = new AtomicLong();

  private final Object lock = new Object();
  private volatile boolean ended; // written under lock
  private List<Runnable> callbacks = new ArrayList<>(); // guarded by lock; null once ended

  ChunkedEventStream(Channel channel, long maxPendingBytes, String serverName) {
    this.channel = channel;
    this.maxPendingBytes = maxPendingBytes;
    this.serverName = serverName;
    this.remoteAddress = channel.remoteAddress();
  }

  @Override
  public boolean sendRecord(byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    byte[] record = RecordIo.encode(payload);
    synchronized (lock) {
      if (ended) {
        return false;
      }
      if (pendingBytes.get() <= maxPendingBytes || connectionWritable()) {
        pendingBytes.addAndGet(record.length);
        queuedBytes.addAndGet(record.length);
        // If the event loop is gone the server has closed, and its channels with it.
        return onEventLoop(() -> writeRecord(record));
      }
    }
    closeSlowConsumer();
    return false;
  }

  @Override
  public void close() {
    List<Runnable> toRun = end();
    if (toRun != null) {
      onEventLoop(
          () ->
              channel
                  .writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT)
                  .addListener(ChannelFutureListener.CLOSE));
      runAll(toRun);
    }
  }

  @Override
  public boolean isOpen() {
    return !ended;
  }

  @Override
  public void onClose(Runnable callback) {
    Objects.requireNonNull(callback, "callback");
    synchronized (lock) {
      if (!ended) {
        callbacks.add(callback);
        return;
      }
    }
    runSafely(callback);
  }

  /** The connection closed under the stream: the client left, or the server is closing. */
  void connectionClosed() {
    List<Runnable> toRun = end();
    if (toRun != null) {
      runAll(toRun);
    }
  }

  private void closeSlowConsumer() {
    List<Runnable> toRun = end();
    if (toRun == null) {
      return;
    }
    LOG.warn(
        "Closing event stream to {} on HTTP server '{}': the client is not reading"
            + " ({} bytes pending, limit {})",
        remoteAddress,
        serverName,
        pendingBytes.get(),
        maxPendingBytes);
    // No final chunk: the client is not reading, and queuing more would defeat the limit.
    channel.close();
    runAll(toRun);
  }

  /**
   * Netty's writability, extended to the records still queued for the event loop: a producer faster
   * than the event loop would otherwise pile up records while the channel still looks writable.
   * Netty counts its own queued write tasks the same way.
   */
  private boolean connectionWritable() {
    return channel.isWritable()
        && queuedBytes.get() <= channel.config().getWriteBufferHighWaterMark();
  }

  private void writeRecord(byte[] record) {
    queuedBytes.addAndGet(-record.length);
    channel
        .writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(record)))
        .addListener(written -> pendingBytes.addAndGet(-record.length));
  }

  /** Marks the stream ended; returns the callbacks to run, or null if it had ended already. */
  private List<Runnable> end() {
    synchronized (lock) {
      if (ended) {
        return null;
      }
      ended = true;
      List<Runnable> toRun = callbacks;
      callbacks = null;
      return toRun;
    }
  }

  private boolean onEventLoop(Runnable task) {
    try {
      channel.eventLoop().execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  private void runAll(List<Runnable> toRun) {
    toRun.forEach(this::runSafely);
  }

  private void runSafely(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException e) {
      LOG.warn("An onClose callback of an event stream to {} failed", remoteAddress, e);
    }
  }
}
