package io.talus.master.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.Label;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.protocol.agent.AgentStream;
import io.talus.protocol.agent.AgentToMaster;
import io.talus.protocol.agent.MasterToAgent;
import io.talus.protocol.recordio.RecordIoReader;
import io.talus.protocol.resources.ResourceParser;
import io.talus.protocol.resources.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent that speaks the real agent stream protocol ({@link AgentStream}) but runs nothing: it
 * registers with its resources and attributes, keeps its stream open and heartbeats, and answers
 * {@code run_task} with TASK_STARTING and TASK_RUNNING (and TASK_FINISHED after a while when asked
 * to), like a command executor would.
 *
 * <p>Its status update manager behaves like Mesos's: per task, one update in flight at a time,
 * sent again every {@code updateRetry} (and at once after a reregistration) until the master sends
 * its {@code acknowledgement}; only then does the next update of that task go out.
 *
 * <p>When its stream ends or goes quiet it finds the leader again by trying the masters in turn
 * (following a follower's 307) and reregisters with every task it runs.
 */
public final class FakeAgent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FakeAgent.class);

  /** A TaskInfo label: the agent sends TASK_FINISHED this many milliseconds after the launch. */
  public static final String FINISH_AFTER_MS = "fake-agent.finish-after-ms";

  /**
   * @param hostname AgentInfo.hostname
   * @param resources in the Mesos {@code --resources} syntax
   * @param attributes in the Mesos {@code --attributes} syntax
   * @param heartbeat how often the agent heartbeats (the master's agent ping interval)
   * @param updateRetry how long an unacknowledged status update waits before it is sent again
   * @param finishAfter when set, every task finishes this long after its launch
   */
  public record Options(String hostname, String resources, String attributes, Duration heartbeat,
      Duration updateRetry, Optional<Duration> finishAfter) {

    public static Options defaults() {
      return new Options("fake-agent", "cpus:4;mem:4096;disk:10000;ports:[31000-32000]", "rack:r1",
          MasterCluster.AGENT_PING, Duration.ofSeconds(10), Optional.empty());
    }

    public Options withHostname(String v) {
      return new Options(v, resources, attributes, heartbeat, updateRetry, finishAfter);
    }

    public Options withResources(String v) {
      return new Options(hostname, v, attributes, heartbeat, updateRetry, finishAfter);
    }

    public Options withAttributes(String v) {
      return new Options(hostname, resources, v, heartbeat, updateRetry, finishAfter);
    }

    public Options withUpdateRetry(Duration v) {
      return new Options(hostname, resources, attributes, heartbeat, v, finishAfter);
    }

    public Options withFinishAfter(Duration v) {
      return new Options(hostname, resources, attributes, heartbeat, updateRetry, Optional.of(v));
    }
  }

  /** One open stream to the master that leads. */
  private record Session(String master, String sessionId, RecordIoReader stream, CountDownLatch ended) {}

  private final List<String> masters;
  private final Options options;
  private final ServerSocket reservedPort;
  private final String endpoint;
  private final ScheduledExecutorService worker;
  private final Thread connector;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final FakeTaskBook tasks;
  private final List<MasterToAgent> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger registrations = new AtomicInteger();
  private final AtomicInteger reregistrations = new AtomicInteger();
  private final AtomicInteger updatesPosted = new AtomicInteger();
  private volatile String agentId;
  private volatile Session session;
  private volatile long lastRecordNanos;
  private volatile String refusal;
  private volatile boolean offline;
  private volatile boolean silent;

  private FakeAgent(List<String> masters, Options options) throws IOException {
    this.masters = List.copyOf(masters);
    this.options = options;
    this.reservedPort = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    this.endpoint = "http://127.0.0.1:" + reservedPort.getLocalPort();
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fake-agent-worker-" + reservedPort.getLocalPort());
      t.setDaemon(true);
      return t;
    });
    this.tasks = new FakeTaskBook(() -> agentId, key -> worker.execute(() -> sendHead(key)));
    this.connector = new Thread(this::connectLoop, "fake-agent-connector-" + reservedPort.getLocalPort());
    this.connector.setDaemon(true);
  }

  /** Starts an agent that registers with whichever of {@code masters} leads. */
  public static FakeAgent start(List<String> masters, Options options) {
    FakeAgent agent;
    try {
      agent = new FakeAgent(masters, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    agent.connector.start();
    long heartbeat = options.heartbeat().toMillis();
    agent.worker.scheduleWithFixedDelay(agent::heartbeat, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    agent.worker.scheduleWithFixedDelay(agent::retryUpdates, 100, 100, TimeUnit.MILLISECONDS);
    agent.worker.scheduleWithFixedDelay(agent::watchdog, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
    return agent;
  }

  public static FakeAgent start(String master) {
    return start(List.of(master), Options.defaults());
  }

  // ---- what tests look at ----

  /** The agent id the master gave, once registered (waits up to 20 s). */
  public String agentId() {
    return Awaitility.await("registration of the agent at " + endpoint).atMost(Duration.ofSeconds(20))
        .until(() -> agentId, id -> id != null);
  }

  /** The agent's HTTP endpoint, as it registered it. */
  public String endpoint() {
    return endpoint;
  }

  public int port() {
    return reservedPort.getLocalPort();
  }

  /** The master whose stream the agent holds right now, if any. */
  public Optional<String> master() {
    Session s = session;
    return s == null ? Optional.empty() : Optional.of(s.master());
  }

  public boolean connected() {
    return session != null;
  }

  public int registrations() {
    return registrations.get();
  }

  public int reregistrations() {
    return reregistrations.get();
  }

  /** Why the master refused the agent (its {@code shutdown} message), if it did. */
  public Optional<String> refusal() {
    return Optional.ofNullable(refusal);
  }

  /** Every message the master sent, in order, over all sessions. */
  public List<MasterToAgent> received() {
    return List.copyOf(received);
  }

  public List<MasterToAgent> received(MasterToAgent.MessageCase kind) {
    return received.stream().filter(m -> m.getMessageCase() == kind).toList();
  }

  /** Waits for a message from the master that matches. */
  public MasterToAgent awaitReceived(String what, Predicate<MasterToAgent> matches, Duration timeout) {
    return Awaitility.await(what + " at agent " + endpoint).atMost(timeout).pollInterval(Duration.ofMillis(10))
        .until(() -> received.stream().filter(matches).findFirst(), Optional::isPresent).orElseThrow();
  }

  /** The latest state of every task the agent runs or ran, by task id. */
  public Map<String, TaskState> taskStates() {
    return tasks.states();
  }

  /** Updates not acknowledged yet, over all tasks. */
  public int unacknowledgedUpdates() {
    return tasks.pending();
  }

  /** Updates of one task not acknowledged yet. */
  public int unacknowledgedUpdates(String taskId) {
    return tasks.pending(taskId);
  }

  /** How many status update POSTs the master took (202), retransmissions included. */
  public int updatesPosted() {
    return updatesPosted.get();
  }

  /** Makes a task end now with {@code state}, as its executor would report. */
  public void terminate(String taskId, TaskState state) {
    tasks.update(FakeTaskBook.taskId(taskId), state, "terminated by the test");
  }

  /** Forgets a task, as an agent that lost it would: it is not reported at the next reregistration. */
  public void forget(String taskId) {
    tasks.forget(taskId);
  }

  /** Breaks the stream and stays away (no reconnection, no heartbeats) until {@link #reconnect}. */
  public void disconnect() {
    offline = true;
    Session s = session;
    if (s != null) {
      s.stream().close();
    }
  }

  /** Ends a {@link #disconnect}: the agent finds the leader again and reregisters. */
  public void reconnect() {
    offline = false;
  }

  /** Stops (or resumes) heartbeats while the stream stays open, as a hung agent would. */
  public void silence(boolean silent) {
    this.silent = silent;
  }

  // ---- connecting ----

  private void connectLoop() {
    int next = 0;
    while (closed.getCount() > 0) {
      if (offline) {
        pause(Duration.ofMillis(50));
        continue;
      }
      Session s = null;
      for (int i = 0; i < masters.size() && s == null && closed.getCount() > 0; i++) {
        String master = masters.get((next + i) % masters.size());
        s = tryConnect(master);
        if (s != null) {
          next = (next + i) % masters.size();
        }
      }
      if (s == null) {
        if (refusal != null) {
          return;
        }
        pause(Duration.ofMillis(100));
        next = (next + 1) % masters.size();
        continue;
      }
      session = s;
      worker.execute(this::resendAll);
      try {
        s.ended().await();
      } catch (InterruptedException e) {
        return;
      }
      session = null;
      LOG.info("fake agent {} lost its stream to {}", agentId, s.master());
    }
  }

  private void pause(Duration d) {
    try {
      closed.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Opens the stream at {@code master}, following 307s; null when that did not work. */
  private Session tryConnect(String master) {
    String url = master + AgentStream.PATH;
    for (int hop = 0; hop < 3; hop++) {
      HttpResponse<InputStream> response;
      byte[] body = (agentId == null ? registerMessage() : reregisterMessage()).toByteArray();
      try {
        response = Http.client().send(HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .header("Content-Type", Http.PROTOBUF)
            .timeout(Duration.ofSeconds(5))
            .build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
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
        url = Http.resolveLocation(url, location.get());
        continue;
      }
      if (status != 200) {
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
    lastRecordNanos = System.nanoTime();
    RecordIoReader stream = RecordIoReader.start("fake-agent-stream-" + port(), response.body(), record -> {
      lastRecordNanos = System.nanoTime();
      MasterToAgent message;
      try {
        message = MasterToAgent.parseFrom(record);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("undecodable MasterToAgent", e);
      }
      received.add(message);
      if (!first.isDone()) {
        // Before anything else of this session is handled, so every later message knows the id.
        if (message.hasRegistered()) {
          agentId = message.getRegistered().getAgentId().getValue();
        } else if (message.hasReregistered()) {
          agentId = message.getReregistered().getAgentId().getValue();
        }
        first.complete(message);
      } else {
        worker.execute(() -> onMessage(message));
      }
    }, () -> {
      first.complete(null);
      ended.countDown();
    });
    MasterToAgent hello;
    try {
      hello = first.get(5, TimeUnit.SECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      hello = null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      hello = null;
    }
    if (hello == null) {
      stream.close();
      return null;
    }
    switch (hello.getMessageCase()) {
      case REGISTERED -> registrations.incrementAndGet();
      case REREGISTERED -> reregistrations.incrementAndGet();
      case SHUTDOWN -> {
        refusal = hello.getShutdown().getMessage();
        LOG.info("fake agent {} refused by {}: {}", agentId, master, refusal);
        stream.close();
        return null;
      }
      default -> {
        stream.close();
        return null;
      }
    }
    LOG.info("fake agent {} {} at {} session={}", agentId, hello.getMessageCase(), master, sessionId);
    return new Session(master, sessionId, stream, ended);
  }

  private static String baseOf(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getAuthority();
  }

  private static void drain(InputStream body) {
    try (InputStream in = body) {
      in.readAllBytes();
    } catch (IOException e) {
      // nothing to read
    }
  }

  private AgentInfo.Builder agentInfo() {
    return AgentInfo.newBuilder()
        .setHostname(options.hostname())
        .setPort(port())
        .addAllResources(Resources.parse(options.resources()).toList())
        .addAllAttributes(ResourceParser.parseAttributes(options.attributes()));
  }

  private AgentToMaster registerMessage() {
    return AgentToMaster.newBuilder().setRegister(AgentToMaster.Register.newBuilder()
        .setAgentInfo(agentInfo()).setEndpoint(endpoint).setVersion("fake-agent")).build();
  }

  private AgentToMaster reregisterMessage() {
    AgentToMaster.Reregister.Builder r = AgentToMaster.Reregister.newBuilder()
        .setAgentInfo(agentInfo().setId(AgentID.newBuilder().setValue(agentId)))
        .setEndpoint(endpoint)
        .setVersion("fake-agent");
    r.addAllTasks(tasks.report());
    return AgentToMaster.newBuilder().setReregister(r).build();
  }

  // ---- the stream's messages (worker thread) ----

  private void onMessage(MasterToAgent message) {
    switch (message.getMessageCase()) {
      case RUN_TASK -> runTask(message.getRunTask().getFramework().getId(), message.getRunTask().getTask());
      case RUN_TASK_GROUP -> message.getRunTaskGroup().getTaskGroup().getTasksList()
          .forEach(t -> runTask(message.getRunTaskGroup().getFramework().getId(), t));
      case KILL_TASK -> {
        String key = FakeTaskBook.key(message.getKillTask().getFrameworkId(),
            message.getKillTask().getTaskId().getValue());
        tasks.update(key::equals, TaskState.TASK_KILLED, "killed");
      }
      case SHUTDOWN_FRAMEWORK -> {
        String prefix = message.getShutdownFramework().getFrameworkId().getValue() + "/";
        tasks.update(key -> key.startsWith(prefix), TaskState.TASK_KILLED, "framework shut down");
      }
      case ACKNOWLEDGEMENT -> tasks.acknowledged(message.getAcknowledgement().getFrameworkId(),
          message.getAcknowledgement().getTaskId().getValue(), message.getAcknowledgement().getUuid());
      case SHUTDOWN -> {
        refusal = message.getShutdown().getMessage();
        Session s = session;
        if (s != null) {
          s.stream().close();
        }
      }
      default -> { }
    }
  }

  private void runTask(FrameworkID frameworkId, TaskInfo task) {
    Optional<Duration> finishAfter = options.finishAfter();
    for (Label label : task.getLabels().getLabelsList()) {
      if (label.getKey().equals(FINISH_AFTER_MS)) {
        finishAfter = Optional.of(Duration.ofMillis(Long.parseLong(label.getValue())));
      }
    }
    if (!tasks.launch(frameworkId, task)) {
      return; // a launch sent again: the task already runs
    }
    String key = FakeTaskBook.key(frameworkId, task.getTaskId().getValue());
    finishAfter.ifPresent(d -> worker.schedule(
        () -> tasks.update(key::equals, TaskState.TASK_FINISHED, "Command exited with status 0"),
        d.toMillis(), TimeUnit.MILLISECONDS));
  }

  /** Sends the task's first unacknowledged update to the master of the current session. */
  private void sendHead(String key) {
    Session s = session;
    if (s == null) {
      return; // sent again once the agent has reregistered
    }
    tasks.takeHead(key).ifPresent(head -> {
      int status = post(s, AgentToMaster.newBuilder().setStatusUpdate(AgentToMaster.StatusUpdate.newBuilder()
          .setFrameworkId(head.frameworkId()).setStatus(head.status())).build());
      if (status == 202) {
        updatesPosted.incrementAndGet();
      }
    });
  }

  private void retryUpdates() {
    tasks.due(options.updateRetry().toNanos()).forEach(this::sendHead);
  }

  /** After a (re)registration: every update in flight goes out again to this master. */
  private void resendAll() {
    tasks.keys().forEach(this::sendHead);
  }

  private void heartbeat() {
    Session s = session;
    if (s != null && !silent) {
      post(s, AgentToMaster.newBuilder().setHeartbeat(AgentToMaster.Heartbeat.getDefaultInstance()).build());
    }
  }

  /** A stream without even a heartbeat for a while is a dead one (a half-open connection). */
  private void watchdog() {
    Session s = session;
    if (s != null && System.nanoTime() - lastRecordNanos > options.heartbeat().toNanos() * 6) {
      LOG.info("fake agent {}: nothing from {} for a while; reconnecting", agentId, s.master());
      s.stream().close();
    }
  }

  /** POSTs a message on the session; a master that no longer knows the session makes us reconnect. */
  private int post(Session s, AgentToMaster message) {
    try {
      HttpResponse<Void> response = Http.client().send(HttpRequest.newBuilder(URI.create(s.master() + AgentStream.PATH))
          .POST(HttpRequest.BodyPublishers.ofByteArray(message.toByteArray()))
          .header("Content-Type", Http.PROTOBUF)
          .header(AgentStream.AGENT_ID_HEADER, agentId)
          .header(AgentStream.SESSION_HEADER, s.sessionId())
          .timeout(Duration.ofSeconds(3))
          .build(), HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      if (status != 202 && session == s) {
        LOG.info("fake agent {}: {} for {} from {}; reconnecting", agentId, status, message.getMessageCase(),
            s.master());
        s.stream().close();
      }
      return status;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Stops the agent: its stream breaks, as when the process dies. */
  @Override
  public void close() {
    closed.countDown();
    connector.interrupt();
    Session s = session;
    if (s != null) {
      s.stream().close();
    }
    worker.shutdownNow();
    try {
      reservedPort.close();
    } catch (IOException e) {
      // it was only a reservation
    }
  }
}
