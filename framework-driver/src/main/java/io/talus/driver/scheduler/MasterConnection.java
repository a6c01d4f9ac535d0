package io.talus.driver.scheduler;

import com.google.protobuf.InvalidProtocolBufferException;
import io.talus.driver.Backoff;
import io.talus.driver.Connection;
import io.talus.driver.ConnectionThreads;
import io.talus.driver.ProtobufHttp;
import io.talus.mesos.v1.scheduler.Protos.Call;
import io.talus.mesos.v1.scheduler.Protos.Event;
import io.talus.protocol.recordio.RecordIoReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one framework subscribed: opens the event stream at the leader, watches it for heartbeats,
 * and when it ends (master gone, leader moved, heartbeats missed, a call bounced) resolves the
 * leader again and resubscribes after a jittered backoff. Calls go out on one sender thread, in
 * order, to the leader of the current stream with its {@code Mesos-Stream-Id}.
 *
 * <p>One lock guards the current stream; events and stream ends reach the {@link Listener} under
 * it, so the listener sees every stream's events, then its end, never interleaved with another's.
 */
final class MasterConnection implements Connection {

  private static final Logger LOG = LoggerFactory.getLogger(MasterConnection.class);

  /** Mesos's heartbeat period, assumed until SUBSCRIBED says otherwise. */
  private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

  /** What the driver does with the connection's news; called under the lock, must not block. */
  interface Listener {
    /** The SUBSCRIBE call to send now: it carries the framework ID once one is known. */
    Call subscribeCall();

    /** An event from the current stream, in stream order. */
    void onEvent(Event event);

    /** The current stream ended; {@code subscribed}: whether SUBSCRIBED had arrived on it. */
    void onDisconnected(boolean subscribed);

    /** A master refused SUBSCRIBE for good; the connection has stopped trying. */
    void onSubscribeRejected(String message);
  }

  /** One event stream, from SUBSCRIBE to its end. */
  private static final class Stream {
    final long number;
    final URI endpoint;
    final String streamId;
    RecordIoReader reader;
    ScheduledFuture<?> heartbeatCheck;
    long lastEventNanos = System.nanoTime();
    long heartbeatNanos = DEFAULT_HEARTBEAT.toNanos();
    boolean subscribed;

    Stream(long number, URI endpoint, String streamId) {
      this.number = number;
      this.endpoint = endpoint;
      this.streamId = streamId;
    }
  }

  private final LeaderResolver resolver;
  private final HttpClient client;
  private final Duration requestTimeout;
  private final int missedHeartbeats;
  private final Listener listener;
  private final String name;
  private final Object lock = new Object();
  private final ConnectionThreads threads;
  private Stream stream; // guarded by lock; null while disconnected
  private long streams; // guarded by lock

  MasterConnection(
      LeaderResolver resolver,
      HttpClient client,
      Duration requestTimeout,
      int missedHeartbeats,
      Backoff backoff,
      String name,
      Listener listener) {
    this.resolver = resolver;
    this.client = client;
    this.requestTimeout = requestTimeout;
    this.missedHeartbeats = missedHeartbeats;
    this.name = name;
    this.listener = listener;
    this.threads = new ConnectionThreads(name, lock, backoff);
  }

  @Override
  public void start() {
    threads.connect(this::connect);
  }

  /** Sends {@code call} after every earlier one; runs {@code onDropped} if not subscribed then. */
  void send(Call call, Runnable onDropped) {
    if (!threads.send(() -> post(call, onDropped))) {
      onDropped.run();
    }
  }

  /** As {@link #send}, with a future that completes once the call's response has arrived. */
  Future<?> sendNow(Call call) {
    return threads.submit(() -> post(call, () -> {}));
  }

  boolean isSubscribed() {
    synchronized (lock) {
      return stream != null && stream.subscribed;
    }
  }

  @Override
  public void close() {
    threads.close(
        () -> {
          if (stream != null) {
            Stream s = stream;
            stream = null;
            discard(s);
          }
        });
  }

  private void connect() {
    LeaderResolver.Subscription subscription;
    try {
      if (threads.isClosed()) {
        return;
      }
      subscription = resolver.subscribe(listener.subscribeCall().toByteArray());
    } catch (SubscribeRejectedException | RuntimeException e) {
      // A refusal, or a bug (an unbuildable request): retrying would only repeat it.
      String message =
          e instanceof SubscribeRejectedException ? e.getMessage() : "SUBSCRIBE failed: " + e;
      synchronized (lock) {
        if (!threads.isClosed()) {
          if (e instanceof RuntimeException) {
            LOG.error("{}: {}", name, message, e);
          } else {
            LOG.error("{}: {}", name, message);
          }
          listener.onSubscribeRejected(message);
        }
      }
      return;
    } catch (IOException e) {
      threads
          .reconnect(this::connect)
          .ifPresent(
              delay ->
                  LOG.warn("{}: {}; retrying in {} ms", name, e.getMessage(), delay.toMillis()));
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    synchronized (lock) {
      if (threads.isClosed()) {
        ProtobufHttp.closeQuietly(subscription.events());
        return;
      }
      Stream s = new Stream(++streams, subscription.endpoint(), subscription.streamId());
      stream = s;
      LOG.info("{}: event stream {} open at {}", name, s.streamId, s.endpoint);
      s.reader =
          RecordIoReader.start(
              name + "-events-" + s.number,
              subscription.events(),
              record -> onRecord(s, record),
              () -> onEnd(s));
      scheduleHeartbeatCheck(s);
    }
  }

  private void onRecord(Stream s, byte[] record) {
    Event event;
    try {
      event = Event.parseFrom(record);
    } catch (InvalidProtocolBufferException e) {
      end(s, "undecodable event: " + e.getMessage());
      return;
    }
    synchronized (lock) {
      if (stream != s) {
        return;
      }
      s.lastEventNanos = System.nanoTime();
      if (event.getType() == Event.Type.SUBSCRIBED) {
        s.subscribed = true;
        double interval = event.getSubscribed().getHeartbeatIntervalSeconds();
        if (interval > 0) {
          s.heartbeatNanos = (long) (interval * 1e9);
          if (s.heartbeatCheck != null) {
            s.heartbeatCheck.cancel(false);
          }
          scheduleHeartbeatCheck(s);
        }
        threads.resetBackoff();
      }
      listener.onEvent(event);
    }
  }

  private void onEnd(Stream s) {
    String reason =
        s.reader.failure().map(f -> "stream failed: " + f).orElse("master closed the stream");
    end(s, reason);
  }

  private void checkHeartbeat(Stream s) {
    synchronized (lock) {
      if (stream != s) {
        return;
      }
      long silentNanos = System.nanoTime() - s.lastEventNanos;
      if (silentNanos > missedHeartbeats * s.heartbeatNanos) {
        end(s, "no event for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms");
      } else {
        scheduleHeartbeatCheck(s);
      }
    }
  }

  /** Ends {@code s} if it is still the current stream, tells the listener and reconnects. */
  private void end(Stream s, String reason) {
    synchronized (lock) {
      if (stream != s) {
        return;
      }
      stream = null;
      discard(s);
      LOG.warn("{}: disconnected from {} ({})", name, s.endpoint, reason);
      listener.onDisconnected(s.subscribed);
      threads.reconnect(this::connect);
    }
  }

  private void post(Call call, Runnable onDropped) {
    Stream s;
    synchronized (lock) {
      s = stream;
    }
    if (s == null || !s.subscribed) {
      LOG.warn("{}: dropping {}: not subscribed to a master", name, call.getType());
      onDropped.run();
      return;
    }
    Map<String, String> headers =
        s.streamId == null ? Map.of() : Map.of(ProtobufHttp.STREAM_ID_HEADER, s.streamId);
    HttpResponse<String> response;
    try {
      response =
          client.send(
              ProtobufHttp.post(s.endpoint, call.toByteArray(), requestTimeout, headers),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      end(s, call.getType() + " failed: " + e);
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    int status = response.statusCode();
    if (status == 202 || status == 200) {
      LOG.debug("{}: {} accepted", name, call.getType());
    } else if (status == 307 || status == 503) {
      end(s, call.getType() + " got " + status + ": the leader has moved");
    } else {
      LOG.warn(
          "{}: master refused {}: {} {}", name, call.getType(), status, response.body().strip());
    }
  }

  private void scheduleHeartbeatCheck(Stream s) {
    s.heartbeatCheck =
        threads.schedule(() -> checkHeartbeat(s), Duration.ofNanos(s.heartbeatNanos));
  }

  private static void discard(Stream s) {
    if (s.heartbeatCheck != null) {
      s.heartbeatCheck.cancel(false);
    }
    s.reader.close();
  }
}
