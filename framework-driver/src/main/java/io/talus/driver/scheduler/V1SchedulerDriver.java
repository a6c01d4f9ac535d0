package io.talus.driver.scheduler;

import io.talus.driver.Backoff;
import io.talus.driver.ProtobufHttp;
import io.talus.driver.Status;
import io.talus.driver.V1Driver;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.Filters;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.Request;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.scheduler.Protos.Call;
import io.talus.mesos.v1.scheduler.Protos.Event;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchedulerDriver} over the Mesos v1 scheduler HTTP API with protobuf bodies, the
 * pure-Java counterpart of Mesos's {@code MesosSchedulerDriver}: given any masters, it follows
 * redirects to the leader, subscribes, and after a broken stream, a leader change or missed
 * heartbeats it resubscribes with the same framework ID ({@code disconnected}, then {@code
 * reregistered}).
 *
 * <pre>{@code
 * SchedulerDriver driver =
 *     new V1SchedulerDriver(scheduler, frameworkInfo, List.of("m1:5050", "m2:5050"), true);
 * System.exit(driver.run() == Status.DRIVER_STOPPED ? 0 : 1);
 * }</pre>
 */
public final class V1SchedulerDriver extends V1Driver implements SchedulerDriver {

  private static final Logger LOG = LoggerFactory.getLogger(V1SchedulerDriver.class);

  private final boolean implicitAcknowledgements;
  private final Duration requestTimeout;
  private final EventDispatcher events;
  private final MasterConnection connection;

  private final Object lock = new Object();
  private FrameworkInfo frameworkInfo; // guarded by lock; gains its ID at SUBSCRIBED
  private final Set<String> suppressedRoles = new LinkedHashSet<>(); // guarded by lock
  private boolean registeredBefore; // guarded by lock

  /**
   * @param masters any masters of the cluster, {@code host:port} or {@code http://host:port}
   * @param implicitAcknowledgements whether the driver acknowledges each status update once {@link
   *     Scheduler#statusUpdate} returns
   */
  public V1SchedulerDriver(
      Scheduler scheduler,
      FrameworkInfo frameworkInfo,
      List<String> masters,
      boolean implicitAcknowledgements) {
    this(
        builder(scheduler, frameworkInfo, masters)
            .implicitAcknowledgements(implicitAcknowledgements));
  }

  /**
   * As Mesos's constructor: {@code masters} is {@code host:port}, or several comma-separated;
   * acknowledgements are implicit.
   */
  public V1SchedulerDriver(Scheduler scheduler, FrameworkInfo frameworkInfo, String masters) {
    this(scheduler, frameworkInfo, masters, true);
  }

  /** As Mesos's constructor, with a comma-separated list of masters. */
  public V1SchedulerDriver(
      Scheduler scheduler,
      FrameworkInfo frameworkInfo,
      String masters,
      boolean implicitAcknowledgements) {
    this(
        new V1SchedulerDriverBuilder(scheduler, frameworkInfo, MasterEndpoints.parse(masters))
            .implicitAcknowledgements(implicitAcknowledgements));
  }

  public static V1SchedulerDriverBuilder builder(
      Scheduler scheduler, FrameworkInfo frameworkInfo, List<String> masters) {
    return new V1SchedulerDriverBuilder(scheduler, frameworkInfo, MasterEndpoints.parse(masters));
  }

  V1SchedulerDriver(V1SchedulerDriverBuilder b) {
    super(threadPrefix(b) + "-callbacks");
    this.frameworkInfo = b.frameworkInfo;
    this.implicitAcknowledgements = b.implicitAcknowledgements;
    this.requestTimeout = b.requestTimeout;
    String name = threadPrefix(b);
    this.events =
        new EventDispatcher(
            b.scheduler, this, callbacks(), implicitAcknowledgements ? this::acknowledge : null);
    Backoff backoff =
        Backoff.builder().initial(b.backoffInitial).max(b.backoffMax).random(b.random).build();
    var client = ProtobufHttp.newClient(b.connectTimeout);
    this.connection =
        new MasterConnection(
            new LeaderResolver(b.masters, client, b.requestTimeout),
            client,
            b.requestTimeout,
            b.missedHeartbeats,
            backoff,
            name,
            new ConnectionListener());
  }

  /** What the names of this driver's threads begin with. */
  private static String threadPrefix(V1SchedulerDriverBuilder b) {
    return "talus-scheduler-" + b.frameworkInfo.getName();
  }

  @Override
  protected MasterConnection connection() {
    return connection;
  }

  @Override
  public Status stop(boolean failover) {
    if (!failover && status() == Status.DRIVER_RUNNING) {
      tearDown();
    }
    return stopAndClose();
  }

  private void tearDown() {
    FrameworkID id = frameworkId();
    if (id == null || !connection.isSubscribed()) {
      LOG.warn(
          "Not subscribed: cannot tear down framework {}", id == null ? "(none)" : id.getValue());
      return;
    }
    try {
      connection
          .sendNow(SchedulerCalls.teardown(id))
          .get(requestTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      LOG.warn(
          "TEARDOWN of framework {} may not have reached the master: {}",
          id.getValue(),
          e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public Status requestResources(Collection<Request> requests) {
    return send(id -> SchedulerCalls.request(id, requests));
  }

  @Override
  public Status launchTasks(
      Collection<OfferID> offerIds, Collection<TaskInfo> tasks, Filters filters) {
    return acceptOffers(offerIds, List.of(SchedulerCalls.launch(tasks)), filters);
  }

  @Override
  public Status acceptOffers(
      Collection<OfferID> offerIds, Collection<Offer.Operation> operations, Filters filters) {
    return whenRunning(
        () -> {
          Call call = SchedulerCalls.accept(frameworkId(), offerIds, operations, filters);
          connection.send(
              call, () -> events.lost(SchedulerCalls.launchedTasks(call), partitionAware()));
        });
  }

  @Override
  public Status declineOffer(OfferID offerId, Filters filters) {
    return send(id -> SchedulerCalls.decline(id, offerId, filters));
  }

  @Override
  public Status killTask(TaskID taskId) {
    return send(id -> SchedulerCalls.kill(id, taskId, null));
  }

  @Override
  public Status killTask(TaskID taskId, AgentID agentId) {
    return send(id -> SchedulerCalls.kill(id, taskId, agentId));
  }

  @Override
  public Status reviveOffers() {
    return changeSuppression(Set::clear, id -> SchedulerCalls.revive(id, List.of()));
  }

  @Override
  public Status reviveOffers(Collection<String> roles) {
    return changeSuppression(s -> s.removeAll(roles), id -> SchedulerCalls.revive(id, roles));
  }

  @Override
  public Status suppressOffers() {
    return changeSuppression(
        s -> s.addAll(roles(frameworkInfo)), id -> SchedulerCalls.suppress(id, List.of()));
  }

  @Override
  public Status suppressOffers(Collection<String> roles) {
    return changeSuppression(s -> s.addAll(roles), id -> SchedulerCalls.suppress(id, roles));
  }

  /** Applies {@code change} to the roles every later SUBSCRIBE suppresses, then sends {@code call}. */
  private Status changeSuppression(
      Consumer<Set<String>> change, Function<FrameworkID, Call> call) {
    synchronized (lock) {
      change.accept(suppressedRoles);
    }
    return send(call);
  }

  @Override
  public Status acknowledgeStatusUpdate(TaskStatus status) {
    if (implicitAcknowledgements) {
      throw new IllegalStateException(
          "acknowledgeStatusUpdate needs a driver built with implicitAcknowledgements=false");
    }
    return whenRunning(() -> acknowledge(status));
  }

  @Override
  public Status sendFrameworkMessage(ExecutorID executorId, AgentID agentId, byte[] data) {
    return send(id -> SchedulerCalls.message(id, executorId, agentId, data));
  }

  @Override
  public Status reconcileTasks(Collection<TaskStatus> statuses) {
    return send(id -> SchedulerCalls.reconcile(id, statuses));
  }

  @Override
  public Status updateFramework(FrameworkInfo info, Collection<String> suppressed) {
    FrameworkInfo updated;
    synchronized (lock) {
      FrameworkInfo.Builder builder = info.toBuilder().clearId();
      if (frameworkInfo.hasId()) {
        builder.setId(frameworkInfo.getId());
      }
      updated = builder.build();
      frameworkInfo = updated;
      suppressedRoles.clear();
      suppressedRoles.addAll(suppressed);
    }
    return send(id -> SchedulerCalls.updateFramework(id, updated, suppressed));
  }

  /** The framework's ID once a master assigned (or confirmed) it; null before. */
  public FrameworkID frameworkId() {
    synchronized (lock) {
      return frameworkInfo.hasId() ? frameworkInfo.getId() : null;
    }
  }

  private Status send(Function<FrameworkID, Call> call) {
    return whenRunning(() -> connection.send(call.apply(frameworkId()), () -> {}));
  }

  private void acknowledge(TaskStatus status) {
    if (!status.hasUuid() || !status.hasAgentId()) {
      LOG.debug("Update of task {} needs no acknowledgement", status.getTaskId().getValue());
      return;
    }
    send(id -> SchedulerCalls.acknowledge(id, status));
  }

  private boolean partitionAware() {
    synchronized (lock) {
      return frameworkInfo.getCapabilitiesList().stream()
          .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.PARTITION_AWARE);
    }
  }

  private static List<String> roles(FrameworkInfo info) {
    return info.getRolesCount() > 0 ? info.getRolesList() : List.of(info.getRole());
  }

  /** Fatal news from the master: report it, then abort (Mesos's order). */
  private void fail(String message) {
    connection.close();
    events.error(message, this::abort);
  }

  private final class ConnectionListener implements MasterConnection.Listener {

    @Override
    public Call subscribeCall() {
      synchronized (lock) {
        return SchedulerCalls.subscribe(frameworkInfo, suppressedRoles);
      }
    }

    @Override
    public void onEvent(Event event) {
      switch (event.getType()) {
        case SUBSCRIBED -> {
          Event.Subscribed subscribed = event.getSubscribed();
          boolean first;
          synchronized (lock) {
            frameworkInfo = frameworkInfo.toBuilder().setId(subscribed.getFrameworkId()).build();
            first = !registeredBefore;
            registeredBefore = true;
          }
          LOG.info(
              "Framework {} subscribed (heartbeat every {} s)",
              subscribed.getFrameworkId().getValue(),
              subscribed.getHeartbeatIntervalSeconds());
          events.registered(subscribed.getFrameworkId(), subscribed.getMasterInfo(), first);
        }
        case ERROR -> {
          LOG.error("Master sent ERROR: {}", event.getError().getMessage());
          fail(event.getError().getMessage());
        }
        default -> events.dispatch(event);
      }
    }

    @Override
    public void onDisconnected(boolean subscribed) {
      if (subscribed) {
        events.disconnected();
      }
    }

    @Override
    public void onSubscribeRejected(String message) {
      fail(message);
    }
  }
}
