package io.talus.cli.agent;

import io.talus.cli.local.ProcTable;
import io.talus.master.testing.MasterCluster;
import io.talus.mesos.v1.Protos.TaskState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The world of these tests, as a JUnit extension: three real masters with a leader, one real
 * {@link AgentProcess} registered with them, and the frameworks a test subscribes, all in a
 * directory of their own.
 *
 * <p>Registered on a static field it is started once for the class, and a test may find the agent
 * as the previous one left it (tasks excepted: its frameworks are torn down after each test).
 * Registered on an instance field, each test gets a fresh cluster and agent, which it may crash and
 * restart. When a test fails, or the start does, the tail of the agent's log is printed (through
 * {@link AgentLogsOnFailure}) before anything is closed.
 */
public final class AgentCluster implements BeforeAllCallback, BeforeEachCallback, AfterTestExecutionCallback,
    AfterEachCallback, AfterAllCallback {

  private final AgentLogsOnFailure logs = new AgentLogsOnFailure();
  private final List<TestScheduler> frameworks = new ArrayList<>();
  private boolean perClass;
  private Path dir;
  private MasterCluster masters;
  private AgentProcess agent;
  private String agentId;

  public AgentCluster() {}

  public MasterCluster masters() {
    return masters;
  }

  public AgentProcess agent() {
    return agent;
  }

  /** The agent's id, as it registered when the cluster started. */
  public String agentId() {
    return agentId;
  }

  /** Subscribes a framework on the leader ({@link TestScheduler#subscribe}); it is closed after the test. */
  TestScheduler subscribe(String name, String... capabilities) {
    TestScheduler framework = TestScheduler.subscribe(masters, name, capabilities);
    frameworks.add(framework);
    return framework;
  }

  /**
   * Launches {@code sleep 1000} as command task {@code taskId} of {@code framework} on the agent's
   * next offer (what it leaves refused for {@code refuseSeconds}), acknowledges its updates up to
   * TASK_RUNNING, and returns the sleep's process.
   */
  ProcTable.Proc runSleep(TestScheduler framework, String taskId, double refuseSeconds) {
    framework.launch(agentId, refuseSeconds, TaskJson.command(taskId, agentId, "sleep 1000"));
    framework.awaitAndAcknowledge(taskId, TaskState.TASK_STARTING);
    framework.awaitAndAcknowledge(taskId, TaskState.TASK_RUNNING);
    return Procs.awaitOne(agent.sandbox(framework.id(), taskId), List.of("sleep", "1000"));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      start(context);
    }
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    logs.afterTestExecution(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      closeFrameworks();
    } finally {
      if (!perClass) {
        stop();
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  private void start(ExtensionContext context) {
    try {
      dir = Files.createTempDirectory("talus-agent-e2e-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    masters = MasterCluster.start(3, dir.resolve("masters"));
    masters.leader();
    agent = logs.watch(AgentProcess.start(dir, masters));
    try {
      agentId = agent.awaitRegistered();
    } catch (RuntimeException | AssertionError e) {
      // No test runs, so AgentLogsOnFailure is not called: say here why the agent did not register.
      logs.print(context.getDisplayName() + " could not start");
      throw e;
    }
  }

  private void closeFrameworks() {
    try {
      for (TestScheduler framework : frameworks) {
        framework.close();
      }
    } finally {
      frameworks.clear();
    }
  }

  /** Agent (and whatever it left running), masters, then the directory; each even if one before failed. */
  private void stop() {
    try {
      if (agent != null) {
        agent.close();
      }
    } finally {
      try {
        if (masters != null) {
          masters.close();
        }
      } finally {
        if (dir != null) {
          delete(dir);
        }
      }
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the test directory " + dir, e);
    }
  }
}
