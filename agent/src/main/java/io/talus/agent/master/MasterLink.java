package io.talus.agent.master;

import com.google.protobuf.InvalidProtocolBufferException;
import io.talus.protocol.agent.AgentStream;
import io.talus.protocol.agent.AgentToMaster;
import io.talus.protocol.agent.MasterToAgent;
import io.talus.protocol.recordio.RecordIoReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's link to the leading master: finds the leader (gossip first, then the configured
 * masters, following 307s), opens the agent stream with a register or reregister message, reads
 * what the master sends, posts the agent's messages on the current session, and starts over
 * whenever the stream ends, goes quiet, or gossip names a newer leader elsewhere.
 *
 * <p>One connector thread does the connecting; records arrive on a reader thread and go straight
 * to the {@link Listener}, which must hand them to the agent's loop.
 */
public final class MasterLink implements MasterChannel, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);

  private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** What the link needs from the agent, and what it tells it. All calls come from link threads. */
  public interface Listener {
    /** The register or reregister message to open a stream with, as of now. */
    AgentToMaster hello();

    /** The first record of a new session: {@code registered} or {@code reregistered}. */
    void connected(String master, MasterToAgent hello);

    /** A later record of the current session, in order. */
    void received(MasterToAgent message);

    /** The session ended (the link reconnects on its own). */
    void disconnected(String master, String why);

    /** The master refused the agent for good (its {@code shutdown} message). */
    void refused(String master, String message);
  }

  /** Where the leader is, by the latest gossip. */
  public interface LeaderFinder {
    Optional<LeaderHint> leader();
  }

  /** The leader's HTTP base URL and the Raft term in which masters advertise it. */
  public record LeaderHint(String endpoint, long term) {}

  /**
   * One open stream. {@code hintTerm} is the gossip term known when it opened: only a newer term
   * naming another master makes the agent move, so a stale hint never pulls it off a leader it
   * found through a 307.
   */
  private record Session(String master, String id, RecordIoReader reader, CountDownLatch ended, long hintTerm) {}

  private final LeaderFinder gossip;
  private final List<String> masters;
  private final Listener listener;
  private final String name;
  private final HttpClient client;
  private final Thread connector;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile String agentId;
  private volatile Session session;
  private volatile long lastHeardNanos;
  private volatile Duration quietLimit = Duration.ofSeconds(30);
  private volatile boolean refusedForGood;

  /**
   * @param gossip the leader as gossip reports it
   * @param masters master base URLs to try when gossip names no leader (may be empty)
   * @param listener the agent
   * @param name for thread names and logs
   */
  public MasterLink(LeaderFinder gossip, List<String> masters, Listener listener, String name) {
    this.gossip = gossip;
    this.masters = List.copyOf(masters);
    this.listener = listener;
    this.name = name;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    this.connector = new Thread(this::connectLoop, "talus-agent-link-" + name);
    this.connector.setDaemon(true);
  }

  public void start() {
    connector.start();
  }

  /** The master whose stream is open, if one is. */
  @Override
  public Optional<String> master() {
    Session s = session;
    return s == null ? Optional.empty() : Optional.of(s.master());
  }

  public boolean connected() {
    return session != null;
  }

  /** The agent id every later message carries (set once the master assigned it). */
  public void agentId(String id) {
    this.agentId = id;
  }

  /**
   * A stream with nothing on it for this long is taken for dead (a half-open connection); the
   * master heartbeats every ping interval, so a few intervals is right.
   */
  @Override
  public void quietLimit(Duration limit) {
    this.quietLimit = limit;
  }

  /**
   * Posts {@code message} on the current session, asynchronously. Returns {@code false} when there
   * is no session; the status update manager sends again after the next registration. A master
   * that no longer knows the session answers 400, and the link starts over.
   */
  @Override
  public boolean send(AgentToMaster message) {
    Session s = session;
    String id = agentId;
    if (s == null || id == null) {
      return false;
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(s.master() + AgentStream.PATH))
        .POST(HttpRequest.BodyPublishers.ofByteArray(message.toByteArray()))
        .header("Content-Type", "application/x-protobuf")
        .header(AgentStream.AGENT_ID_HEADER, id)
        .header(AgentStream.SESSION_HEADER, s.id())
        .timeout(CONNECT_TIMEOUT)
        .build();
    client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
      if (error != null) {
        LOG.debug("agent={} could not post {} to {}: {}", id, message.getMessageCase(), s.master(), error.toString());
      } else if (response.statusCode() != 202 && session == s) {
        LOG.info("agent={} master {} answered {} to {}; reconnecting", id, s.master(), response.statusCode(),
            message.getMessageCase());
        s.reader().close();
      }
    });
    return true;
  }

  /** Ends the current session (the link reconnects), e.g. when gossip names a new leader. */
  public void reconnect(String why) {
    Session s = session;
    if (s != null) {
      LOG.info("agent={} leaving master {}: {}", agentId, s.master(), why);
      s.reader().close();
    }
  }

  // ---- the connector thread ----

  private void connectLoop() {
    Duration backoff = MIN_BACKOFF;
    while (closed.getCount() > 0 && !refusedForGood) {
      Session s = connectOnce();
      if (s == null) {
        pause(jitter(backoff));
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        continue;
      }
      backoff = MIN_BACKOFF;
      session = s;
      watch(s);
      session = null;
      String why = s.reader().failure().map(Throwable::toString).orElse("the stream ended");
      LOG.info("agent={} lost its stream to {}: {}", agentId, s.master(), why);
      listener.disconnected(s.master(), why);
    }
  }

  /** Waits for the session to end, watching for silence and for a newer leader in gossip. */
  private void watch(Session s) {
    try {
      while (!s.ended().await(200, TimeUnit.MILLISECONDS)) {
        if (closed.getCount() == 0) {
          s.reader().close();
        } else if (System.nanoTime() - lastHeardNanos > quietLimit.toNanos()) {
          LOG.info("agent={} heard nothing from {} for {}; reconnecting", agentId, s.master(), quietLimit);
          s.reader().close();
        } else {
          Optional<LeaderHint> leader = gossip.leader();
          if (leader.isPresent() && leader.get().term() > s.hintTerm()
              && !sameEndpoint(leader.get().endpoint(), s.master())) {
            LOG.info("agent={} gossip names {} as leader in term {}, not {}; reconnecting", agentId,
                leader.get().endpoint(), leader.get().term(), s.master());
            s.reader().close();
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      s.reader().close();
    }
  }

  private Session connectOnce() {
    List<String> candidates = new ArrayList<>();
    gossip.leader().ifPresent(h -> candidates.add(h.endpoint()));
    for (String m : masters) {
      if (candidates.stream().noneMatch(c -> sameEndpoint(c, m))) {
        candidates.add(m);
      }
    }
    for (String master : candidates) {
      Session s = tryConnect(master);
      if (s != null || refusedForGood || closed.getCount() == 0) {
        return s;
      }
    }
    return null;
  }

  private Session tryConnect(String master) {
    String url = stripSlash(master) + AgentStream.PATH;
    for (int hop = 0; hop < 3; hop++) {
      HttpResponse<InputStream> response;
      try {
        AgentToMaster hello = listener.hello();
        response = client.send(HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.ofByteArray(hello.toByteArray()))
            .header("Content-Type", "application/x-protobuf")
            .build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException | IllegalArgumentException e) {
        LOG.debug("agent={} cannot reach {}: {}", agentId, url, e.toString());
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
      int status = response.statusCode();
      if (status == 307) {
        drain(response.body());
        Optional<String> location = response.headers().firstValue("Location");
        if (location.isEmpty()) {
          return null;
        }
        url = URI.create(url).resolve(location.get()).toString();
        continue;
      }
      if (status != 200) {
        LOG.debug("agent={} {} answered {}", agentId, url, status);
        drain(response.body());
        return null;
      }
      return open(baseOf(url), response);
    }
    return null;
  }

  private Session open(String master, HttpResponse<InputStream> response) {
    String sessionId = response.headers().firstValue(AgentStream.SESSION_HEADER).orElse("");
    CompletableFuture<MasterToAgent> first = new CompletableFuture<>();
    CountDownLatch ended = new CountDownLatch(1);
    lastHeardNanos = System.nanoTime();
    RecordIoReader reader = RecordIoReader.start("talus-agent-stream-" + name, response.body(), record -> {
      lastHeardNanos = System.nanoTime();
      MasterToAgent message;
      try {
        message = MasterToAgent.parseFrom(record);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("undecodable message from " + master, e);
      }
      if (!first.isDone()) {
        first.complete(message);
      } else {
        listener.received(message);
      }
    }, () -> {
      first.complete(null);
      ended.countDown();
    });
    MasterToAgent hello;
    try {
      hello = first.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      hello = null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      hello = null;
    }
    if (hello == null) {
      reader.close();
      return null;
    }
    if (hello.hasShutdown()) {
      refusedForGood = true;
      reader.close();
      LOG.error("agent={} refused by {}: {}", agentId, master, hello.getShutdown().getMessage());
      listener.refused(master, hello.getShutdown().getMessage());
      return null;
    }
    if (!hello.hasRegistered() && !hello.hasReregistered()) {
      LOG.warn("agent={} {} opened its stream with {}; dropping it", agentId, master, hello.getMessageCase());
      reader.close();
      return null;
    }
    agentId = hello.hasRegistered() ? hello.getRegistered().getAgentId().getValue()
        : hello.getReregistered().getAgentId().getValue();
    long hintTerm = gossip.leader().map(LeaderHint::term).orElse(0L);
    Session s = new Session(master, sessionId, reader, ended, hintTerm);
    session = s;
    LOG.info("agent={} {} with {} session={}", agentId, hello.getMessageCase(), master, sessionId);
    listener.connected(master, hello);
    return s;
  }

  private void pause(Duration d) {
    try {
      closed.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration jitter(Duration d) {
    long ms = d.toMillis();
    return Duration.ofMillis(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1));
  }

  private static void drain(InputStream body) {
    try (InputStream in = body) {
      in.readAllBytes();
    } catch (IOException e) {
      // nothing more to read
    }
  }

  private static String baseOf(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getAuthority();
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Whether two base URLs name the same host and port. */
  static boolean sameEndpoint(String a, String b) {
    URI ua = URI.create(a);
    URI ub = URI.create(b);
    return ua.getHost() != null && ua.getHost().equals(ub.getHost()) && ua.getPort() == ub.getPort();
  }

  @Override
  public void close() {
    closed.countDown();
    Session s = session;
    if (s != null) {
      s.reader().close();
    }
    try {
      connector.join(CONNECT_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
