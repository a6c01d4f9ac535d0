package io.talus.driver.executor;

import com.google.protobuf.InvalidProtocolBufferException;
import io.talus.driver.Backoff;
import io.talus.driver.Connection;
import io.talus.driver.ConnectionThreads;
import io.talus.driver.ProtobufHttp;
import io.talus.mesos.v1.executor.Protos.Call;
import io.talus.mesos.v1.executor.Protos.Event;
import io.talus.protocol.recordio.RecordIoReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an executor subscribed to its agent. When the stream ends and the framework checkpoints,
 * the agent is probably restarting: SUBSCRIBE is retried with backoff (capped at {@code
 * MESOS_SUBSCRIPTION_BACKOFF_MAX}) until it succeeds or {@code MESOS_RECOVERY_TIMEOUT} has passed
 * since the agent went away; without checkpointing the agent will not recover this executor, so it
 * is given up at once. Calls go out on one sender thread, in order.
 *
 * <p>One lock guards the current stream; the {@link Listener} hears from it under the lock.
 */
final class AgentConnection implements Connection {

  private static final Logger LOG = LoggerFactory.getLogger(AgentConnection.class);
  private static final Set<Integer> FATAL_STATUSES = Set.of(400, 401, 403, 406, 415);

  /** What the driver does with the connection's news; called under the lock, must not block. */
  interface Listener {
    /** SUBSCRIBE as it must be sent now, with the unacknowledged updates and tasks. */
    Call subscribeCall();

    void onEvent(Event event);

    /** The stream ended after SUBSCRIBED; the connection is trying to resubscribe. */
    void onDisconnected();

    /** The agent is gone for good (no checkpointing, or recovery timed out); nothing follows. */
    void onAgentLost(String reason);

    /** The agent refused SUBSCRIBE (e.g. it does not know this executor); nothing follows. */
    void onSubscribeRejected(String message);
  }

  private static final class Stream {
    final long number;
    RecordIoReader reader;
    boolean subscribed;

    Stream(long number) {
      this.number = number;
    }
  }

  private final ExecutorEnvironment env;
  private final HttpClient client;
  private final Duration requestTimeout;
  private final Listener listener;
  private final Object lock = new Object();
  private final ConnectionThreads threads;
  private Stream stream; // guarded by lock
  private long streams; // guarded by lock
  private long disconnectedSinceNanos; // guarded by lock

  AgentConnection(
      ExecutorEnvironment env, HttpClient client, Duration requestTimeout, Listener listener) {
    this.env = env;
    this.client = client;
    this.requestTimeout = requestTimeout;
    this.listener = listener;
    Duration max = env.subscriptionBackoffMax();
    Duration initial = Duration.ofMillis(Math.min(100, Math.max(1, max.toMillis())));
    Backoff backoff =
        Backoff.builder().initial(initial).max(max.compareTo(initial) < 0 ? initial : max).build();
    this.threads = new ConnectionThreads("talus-executor", lock, backoff);
  }

  @Override
  public void start() {
    synchronized (lock) {
      disconnectedSinceNanos = System.nanoTime();
    }
    threads.connect(this::connect);
  }

  /** Sends {@code call} after every earlier one if subscribed; dropped (logged) otherwise. */
  void send(Call call) {
    if (!threads.send(() -> post(call))) {
      LOG.debug("Dropping {}: the driver is stopped", call.getType());
    }
  }

  @Override
  public void close() {
    threads.close(
        () -> {
          if (stream != null) {
            stream.reader.close();
            stream = null;
          }
        });
  }

  private void connect() {
    Call subscribe;
    synchronized (lock) {
      if (threads.isClosed()) {
        return;
      }
      subscribe = listener.subscribeCall();
    }
    String failure;
    try {
      HttpResponse<InputStream> response =
          client.send(
              ProtobufHttp.post(
                  env.agentEndpoint(), subscribe.toByteArray(), requestTimeout, Map.of()),
              HttpResponse.BodyHandlers.ofInputStream());
      if (response.statusCode() == 200) {
        opened(response.body());
        return;
      }
      failure = response.statusCode() + " " + ProtobufHttp.errorText(response);
      if (FATAL_STATUSES.contains(response.statusCode())) {
        synchronized (lock) {
          if (!threads.isClosed()) {
            listener.onSubscribeRejected("Agent refused SUBSCRIBE: " + failure);
          }
        }
        return;
      }
    } catch (IOException e) {
      failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    } catch (RuntimeException e) {
      // A bug (an unbuildable request): retrying would only repeat it.
      LOG.error("SUBSCRIBE to {} failed", env.agentEndpoint(), e);
      synchronized (lock) {
        if (!threads.isClosed()) {
          listener.onSubscribeRejected("SUBSCRIBE failed: " + e);
        }
      }
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    retryOrGiveUp(failure);
  }

  private void opened(InputStream events) {
    synchronized (lock) {
      if (threads.isClosed()) {
        ProtobufHttp.closeQuietly(events);
        return;
      }
      Stream s = new Stream(++streams);
      stream = s;
      s.reader =
          RecordIoReader.start(
              "talus-executor-events-" + s.number, events, r -> onRecord(s, r), () -> onEnd(s));
    }
  }

  private void retryOrGiveUp(String failure) {
    synchronized (lock) {
      if (threads.isClosed()) {
        return;
      }
      long downNanos = System.nanoTime() - disconnectedSinceNanos;
      if (downNanos >= env.recoveryTimeout().toNanos()) {
        listener.onAgentLost(
            "agent unreachable for "
                + TimeUnit.NANOSECONDS.toMillis(downNanos)
                + " ms, beyond the"
                + " recovery timeout; last failure: "
                + failure);
        return;
      }
      threads
          .reconnect(this::connect)
          .ifPresent(
              delay ->
                  LOG.info(
                      "SUBSCRIBE to {} failed ({}); retrying in {} ms",
                      env.agentEndpoint(),
                      failure,
                      delay.toMillis()));
    }
  }

  private void onRecord(Stream s, byte[] record) {
    Event event;
    try {
      event = Event.parseFrom(record);
    } catch (InvalidProtocolBufferException e) {
      LOG.warn("Undecodable event from the agent: {}", e.getMessage());
      s.reader.close();
      return;
    }
    synchronized (lock) {
      if (stream != s) {
        return;
      }
      if (event.getType() == Event.Type.SUBSCRIBED) {
        s.subscribed = true;
        threads.resetBackoff();
      }
      listener.onEvent(event);
    }
  }

  private void onEnd(Stream s) {
    synchronized (lock) {
      if (stream != s) {
        return;
      }
      stream = null;
      String why =
          s.reader.failure().map(Throwable::toString).orElse("the agent closed the stream");
      if (!env.checkpoint()) {
        listener.onAgentLost("lost the agent (" + why + ") and the framework does not checkpoint");
        return;
      }
      LOG.warn(
          "Disconnected from the agent ({}); reconnecting for up to {}",
          why,
          env.recoveryTimeout());
      disconnectedSinceNanos = System.nanoTime();
      if (s.subscribed) {
        listener.onDisconnected();
      }
      threads.reconnect(this::connect);
    }
  }

  private void post(Call call) {
    synchronized (lock) {
      if (stream == null || !stream.subscribed) {
        LOG.debug("Not subscribed: {} waits for the next SUBSCRIBE or is dropped", call.getType());
        return;
      }
    }
    try {
      HttpResponse<String> response =
          client.send(
              ProtobufHttp.post(env.agentEndpoint(), call.toByteArray(), requestTimeout, Map.of()),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 202 && response.statusCode() != 200) {
        LOG.warn(
            "Agent refused {}: {} {}",
            call.getType(),
            response.statusCode(),
            response.body().strip());
      }
    } catch (IOException e) {
      LOG.warn("{} did not reach the agent: {}", call.getType(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
