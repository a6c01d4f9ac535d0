package io.talus.agent;

import io.talus.agent.checkpoint.AgentCheckpoint;
import io.talus.agent.containerizer.MachineResources;
import io.talus.agent.containerizer.ProcessLauncher;
import io.talus.agent.containerizer.SupervisedProcessLauncher;
import io.talus.agent.core.AgentCore;
import io.talus.agent.core.AgentLoop;
import io.talus.agent.executor.ExecutorApi;
import io.talus.agent.http.AgentHttp;
import io.talus.agent.master.MasterLink;
import io.talus.http.HttpHandler;
import io.talus.http.HttpServer;
import io.talus.http.HttpServerConfig;
import io.talus.membership.Membership;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.protocol.membership.MemberMetadata;
import io.talus.protocol.resources.ResourceParser;
import io.talus.protocol.resources.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code talus agent}: an HTTP server (executor API, state, files), the agent core with its
 * checkpoint and process launcher, a gossip member, and the link to the leading master.
 *
 * <p>Closing the daemon leaves tasks running, as a Mesos agent with checkpointing does: an agent
 * started again on the same work dir takes them back.
 */
public final class AgentDaemon implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AgentDaemon.class);

  private final AgentConfig config;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private final AtomicReference<String> refusal = new AtomicReference<>();
  private final String incarnation = java.util.UUID.randomUUID().toString();
  private AgentCheckpoint checkpoint;
  private ScheduledExecutorService timers;
  private AgentLoop loop;
  private HttpServer http;
  private AgentHttp endpoints;
  private AgentCore core;
  private Membership membership;
  private MasterLink link;
  private String endpoint;
  private volatile boolean closed;

  private AgentDaemon(AgentConfig config) {
    this.config = config;
  }

  /**
   * Starts an agent: recovers what its work dir holds, then joins gossip and registers.
   *
   * @param fatal what to do when the agent can no longer trust its own state (a failed
   *     checkpoint write, a bug): the command line halts the process
   */
  public static AgentDaemon start(AgentConfig config, String version, Consumer<Throwable> fatal) throws IOException {
    AgentDaemon daemon = new AgentDaemon(config);
    try {
      daemon.startAll(version, fatal);
    } catch (IOException | RuntimeException e) {
      daemon.close();
      throw e;
    }
    return daemon;
  }

  private void startAll(String version, Consumer<Throwable> fatal) throws IOException {
    Files.createDirectories(config.workDir());
    checkpoint = AgentCheckpoint.open(config.workDir().resolve("meta").resolve("checkpoint"));
    timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "talus-agent-timers");
      t.setDaemon(true);
      return t;
    });
    ProcessLauncher launcher = SupervisedProcessLauncher.create(config.workDir().resolve("meta").resolve("bin"),
        config.isolation(), config.cgroupsRoot(), timers);
    LOG.info("agent isolation: {}", launcher.isolation());
    loop = new AgentLoop(config.ip() + ":" + config.port(), fatal);
    AtomicReference<HttpHandler> handler = new AtomicReference<>(
        (request, responder) -> responder.respondText(503, "Agent is starting"));
    http = HttpServer.start(HttpServerConfig.of(config.ip(), config.port(), "agent"),
        (request, responder) -> handler.get().handle(request, responder));
    endpoint = "http://" + config.ip() + ":" + http.address().getPort();
    String resources = config.resourcesText().orElse(MachineResources.detect(config.workDir()));
    AgentInfo info = AgentInfo.newBuilder().setHostname(config.hostname()).setPort(http.address().getPort())
        .addAllResources(Resources.parse(resources).toList())
        .addAllAttributes(ResourceParser.parseAttributes(config.attributes())).build();
    core = new AgentCore(config, loop, checkpoint, launcher, endpoint, version, info, this::publishAgentId,
        this::refused);
    loop.call(() -> {
      core.recover();
      return null;
    }, java.time.Duration.ofMinutes(1));
    endpoints = new AgentHttp(core::view, config.workDir(), new ExecutorApi(core), version);
    handler.set(endpoints);
    String nodeId = core.agentId().orElse("agent@" + config.ip() + ":" + http.address().getPort());
    membership = Membership.start(config.gossip(), metadata(nodeId));
    link = new MasterLink(() -> membership.leaderHint().map(m ->
        new MasterLink.LeaderHint(m.getLeaderHttpEndpoint(), m.getLeaderTerm())), config.masters(), core,
        config.ip() + ":" + http.address().getPort());
    core.attach(link);
    core.incarnation(incarnation);
    link.start();
    LOG.info("agent started endpoint={} work_dir={} resources={} gossip={}", endpoint, config.workDir(),
        Resources.of(info.getResourcesList()), membership.address());
  }

  private MemberMetadata metadata(String nodeId) {
    return MemberMetadata.newBuilder().setRole(MemberMetadata.Role.AGENT).setNodeId(nodeId)
        .setHttpEndpoint(endpoint).setIncarnation(incarnation).build();
  }

  private void publishAgentId(String agentId) {
    Membership m = membership;
    if (m != null && !m.localMember().metadata().getNodeId().equals(agentId)) {
      m.updateMetadata(metadata(agentId));
    }
  }

  private void refused(String message) {
    LOG.error("the master refused this agent: {}; stopping", message);
    refusal.set(message);
    terminated.countDown();
  }

  /** The agent's HTTP base URL, e.g. {@code http://127.0.0.1:5051}. */
  public String endpoint() {
    return endpoint;
  }

  public AgentCore core() {
    return core;
  }

  /** Waits until the master refuses the agent; returns the refusal. */
  public Optional<String> awaitTermination() throws InterruptedException {
    terminated.await();
    return Optional.ofNullable(refusal.get());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (link != null) {
      link.close();
    }
    if (membership != null) {
      membership.close();
    }
    if (http != null) {
      http.close();
    }
    if (endpoints != null) {
      endpoints.close();
    }
    if (loop != null) {
      loop.close();
    }
    if (core != null) {
      core.close();
    }
    if (timers != null) {
      timers.shutdownNow();
    }
    if (checkpoint != null) {
      checkpoint.close();
    }
    terminated.countDown();
  }
}
