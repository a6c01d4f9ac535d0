package io.talus.driver.executor;

import com.google.protobuf.ByteString;
import io.talus.driver.ProtobufHttp;
import io.talus.driver.Status;
import io.talus.driver.V1Driver;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.executor.Protos.Call;
import io.talus.mesos.v1.executor.Protos.Event;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ExecutorDriver} over the Mesos v1 executor HTTP API with protobuf bodies, the pure-Java
 * counterpart of Mesos's {@code MesosExecutorDriver}. It reads its agent and IDs from the
 * environment the agent sets, keeps every status update until the agent acknowledges it and every
 * launched task until it ends, and hands both to a restarted agent when it resubscribes.
 *
 * <pre>{@code
 * ExecutorDriver driver = new V1ExecutorDriver(new MyExecutor());
 * System.exit(driver.run() == Status.DRIVER_STOPPED ? 0 : 1);
 * }</pre>
 */
public final class V1ExecutorDriver extends V1Driver implements ExecutorDriver {

  private static final Logger LOG = LoggerFactory.getLogger(V1ExecutorDriver.class);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final Executor executor;
  private final ExecutorEnvironment env;
  private final Clock clock;
  private final AgentConnection connection;

  private final Object lock = new Object();
  private final Unacknowledged unacknowledged = new Unacknowledged(); // guarded by lock
  private final Set<ByteString> inLastSubscribe = new HashSet<>(); // guarded by lock
  private AgentInfo agentInfo; // guarded by lock
  private boolean registeredBefore; // guarded by lock

  /** Reads the agent's variables from {@code System.getenv()}. */
  public V1ExecutorDriver(Executor executor) {
    this(executor, System.getenv());
  }

  /**
   * @throws IllegalArgumentException if {@code env} lacks a variable the agent always sets
   */
  public V1ExecutorDriver(Executor executor, Map<String, String> env) {
    this(executor, ExecutorEnvironment.from(env), Clock.systemUTC());
  }

  /**
   * @param clock stamps status updates
   */
  public V1ExecutorDriver(Executor executor, ExecutorEnvironment env, Clock clock) {
    super("talus-executor-callbacks");
    this.executor = executor;
    this.env = env;
    this.clock = clock;
    this.connection =
        new AgentConnection(
            env,
            ProtobufHttp.newClient(CONNECT_TIMEOUT),
            REQUEST_TIMEOUT,
            new ConnectionListener());
  }

  @Override
  protected AgentConnection connection() {
    return connection;
  }

  @Override
  public Status stop() {
    return stopAndClose();
  }

  @Override
  public Status sendStatusUpdate(TaskStatus status) {
    if (status() == Status.DRIVER_RUNNING && status.getState() == TaskState.TASK_STAGING) {
      String message =
          "Attempted to send a TASK_STAGING update for task " + status.getTaskId().getValue();
      LOG.error(message);
      callbacks().submit(() -> executor.error(this, message));
      callbacks().submit(this::abort);
      return Status.DRIVER_ABORTED;
    }
    return whenRunning(() -> sendUpdate(status));
  }

  private void sendUpdate(TaskStatus status) {
    Call.Update update;
    synchronized (lock) {
      TaskStatus.Builder filled =
          status.toBuilder()
              .setUuid(randomUuid())
              .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
              .setTimestamp(clock.millis() / 1000.0)
              .setExecutorId(env.executorId());
      if (!filled.hasAgentId() && agentInfo != null && agentInfo.hasId()) {
        filled.setAgentId(agentInfo.getId());
      }
      update = Call.Update.newBuilder().setStatus(filled).build();
      unacknowledged.sent(update);
    }
    connection.send(base(Call.Type.UPDATE).setUpdate(update).build());
  }

  @Override
  public Status sendFrameworkMessage(byte[] data) {
    return whenRunning(
        () ->
            connection.send(
                base(Call.Type.MESSAGE)
                    .setMessage(Call.Message.newBuilder().setData(ByteString.copyFrom(data)))
                    .build()));
  }

  private Call.Builder base(Call.Type type) {
    return Call.newBuilder()
        .setExecutorId(env.executorId())
        .setFrameworkId(env.frameworkId())
        .setType(type);
  }

  /** 16 random bytes, a version-4 UUID as Mesos's {@code id::UUID::random()}. */
  private static ByteString randomUuid() {
    UUID uuid = UUID.randomUUID();
    ByteBuffer bytes = ByteBuffer.allocate(16);
    bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    return ByteString.copyFrom(bytes.array());
  }

  /** Runs {@code shutdown} on the callback thread, then ends the driver with {@code end}. */
  private void shutDown(Runnable end) {
    callbacks().submit(
        () -> {
          try {
            executor.shutdown(this);
          } finally {
            end.run();
          }
        });
  }

  private final class ConnectionListener implements AgentConnection.Listener {

    @Override
    public Call subscribeCall() {
      synchronized (lock) {
        Call.Subscribe.Builder subscribe =
            Call.Subscribe.newBuilder()
                .addAllUnacknowledgedTasks(unacknowledged.tasks())
                .addAllUnacknowledgedUpdates(unacknowledged.updates());
        inLastSubscribe.clear();
        subscribe
            .getUnacknowledgedUpdatesList()
            .forEach(u -> inLastSubscribe.add(u.getStatus().getUuid()));
        return base(Call.Type.SUBSCRIBE).setSubscribe(subscribe).build();
      }
    }

    @Override
    public void onEvent(Event event) {
      switch (event.getType()) {
        case SUBSCRIBED -> subscribed(event.getSubscribed());
        case LAUNCH -> {
          TaskInfo task = event.getLaunch().getTask();
          synchronized (lock) {
            unacknowledged.launched(task);
          }
          callbacks().submit(() -> executor.launchTask(V1ExecutorDriver.this, task));
        }
        case LAUNCH_GROUP -> {
          var group = event.getLaunchGroup().getTaskGroup();
          synchronized (lock) {
            group.getTasksList().forEach(unacknowledged::launched);
          }
          callbacks().submit(() -> executor.launchTaskGroup(V1ExecutorDriver.this, group));
        }
        case KILL -> {
          var taskId = event.getKill().getTaskId();
          callbacks().submit(() -> executor.killTask(V1ExecutorDriver.this, taskId));
        }
        case ACKNOWLEDGED -> {
          Event.Acknowledged ack = event.getAcknowledged();
          synchronized (lock) {
            if (!unacknowledged.acknowledged(ack.getTaskId(), ack.getUuid())) {
              LOG.debug(
                  "Acknowledgement for an update not pending, task {}", ack.getTaskId().getValue());
            }
          }
        }
        case MESSAGE -> {
          byte[] data = event.getMessage().getData().toByteArray();
          callbacks().submit(() -> executor.frameworkMessage(V1ExecutorDriver.this, data));
        }
        case SHUTDOWN -> {
          LOG.info("The agent asked the executor to shut down");
          connection.close();
          shutDown(V1ExecutorDriver.this::stop);
        }
        case ERROR -> fail(event.getError().getMessage());
        case HEARTBEAT -> {
          // Keeps the connection alive through proxies; nothing to do.
        }
        default -> LOG.debug("Ignoring a {} event", event.getType());
      }
    }

    private void subscribed(Event.Subscribed subscribed) {
      boolean first;
      List<Call.Update> missed = new ArrayList<>();
      synchronized (lock) {
        agentInfo = subscribed.getAgentInfo();
        first = !registeredBefore;
        registeredBefore = true;
        // Updates sent while SUBSCRIBE was in flight were neither in it nor posted: send them now.
        for (Call.Update update : unacknowledged.updates()) {
          if (!inLastSubscribe.contains(update.getStatus().getUuid())) {
            missed.add(update);
          }
        }
      }
      LOG.info("Subscribed to agent {}", subscribed.getAgentInfo().getId().getValue());
      if (first) {
        callbacks().submit(
            () ->
                executor.registered(
                    V1ExecutorDriver.this,
                    subscribed.getExecutorInfo(),
                    subscribed.getFrameworkInfo(),
                    subscribed.getAgentInfo()));
      } else {
        callbacks().submit(
            () -> executor.reregistered(V1ExecutorDriver.this, subscribed.getAgentInfo()));
      }
      missed.forEach(u -> connection.send(base(Call.Type.UPDATE).setUpdate(u).build()));
    }

    @Override
    public void onDisconnected() {
      callbacks().submit(() -> executor.disconnected(V1ExecutorDriver.this));
    }

    @Override
    public void onAgentLost(String reason) {
      LOG.error("Shutting down: {}", reason);
      connection.close();
      shutDown(V1ExecutorDriver.this::abort);
    }

    @Override
    public void onSubscribeRejected(String message) {
      LOG.error(message);
      fail(message);
    }

    private void fail(String message) {
      connection.close();
      callbacks().submit(
          () -> {
            try {
              executor.error(V1ExecutorDriver.this, message);
            } finally {
              abort();
            }
          });
    }
  }
}
