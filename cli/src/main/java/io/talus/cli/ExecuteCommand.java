package io.talus.cli;

import io.talus.driver.Status;
import io.talus.driver.examples.SingleTaskFramework;
import io.talus.driver.scheduler.V1SchedulerDriver;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.resources.Resources;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code talus execute}: runs one command task, as {@code mesos-execute} does. It subscribes a
 * framework (failover timeout 0: it lives as long as this process), launches the task on the first
 * offer that holds its resources, prints every status update as it arrives, and tears the framework
 * down when the task has ended. Ctrl-C kills the task first.
 *
 * <p>Exit codes: 0 when the task finished (TASK_FINISHED); 1 when it ended in any other state,
 * when no master could be subscribed to within {@code --timeout}, or when the master refused the
 * framework; 2 bad flags.
 */
@Command(
    name = "execute",
    mixinStandardHelpOptions = true,
    versionProvider = TalusVersion.class,
    description = "Run one command task, printing each status update; exit 0 if it finishes (like mesos-execute).",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:the task finished (TASK_FINISHED)",
        "1:it ended in another state, no master could be reached within --timeout, or the master refused the framework",
        "2:bad flags",
        "130:interrupted (Ctrl-C): the task was killed and the framework torn down"})
final class ExecuteCommand implements Callable<Integer> {

  /** How long Ctrl-C waits for the killed task's last update before tearing the framework down. */
  static final Duration KILL_WAIT = Duration.ofSeconds(15);
  /** How long an offer too small for the task is declined for. */
  static final double REFUSE_SECONDS = 5;

  @Spec CommandSpec spec;

  @Option(names = "--master", required = true, paramLabel = "HOST:PORT[,...]",
      description = "Masters, comma-separated, as host:port or http://host:port URLs; any one will do:"
          + " the others redirect to the leader.")
  String masters;

  @Option(names = "--name", required = true, description = "The framework's and the task's name; the task ID"
      + " is NAME-<random suffix>.")
  String name;

  @Option(names = "--command", required = true, description = "Shell command to run (/bin/sh -c COMMAND).")
  String command;

  @Option(names = "--resources", defaultValue = "cpus:0.1;mem:32",
      description = "What the task needs, e.g. \"cpus:1;mem:128\". Default: ${DEFAULT-VALUE}.")
  String resources;

  @Option(names = "--role", defaultValue = "*", description = "Role to subscribe with. Default: ${DEFAULT-VALUE}.")
  String role;

  @Option(names = "--timeout", converter = DurationConverter.class, defaultValue = "30secs",
      description = "How long to keep trying to subscribe to a master before giving up. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Override
  public Integer call() {
    Resources wanted = taskResources();
    if (name.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--name must not be blank");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TaskID taskId = TaskID.newBuilder().setValue(name + "-" + UUID.randomUUID().toString().substring(0, 8)).build();
    SingleTaskFramework framework =
        new SingleTaskFramework(taskId, name, wanted, command, REFUSE_SECONDS, new Printer(out));
    V1SchedulerDriver driver = driver(framework);

    driver.start();
    CompletableFuture<Status> driverEnded = new CompletableFuture<>();
    Thread watch = new Thread(() -> driverEnded.complete(driver.join()), "talus-execute-driver-watch");
    watch.setDaemon(true);
    watch.start();
    Thread onInterrupt = new Thread(() -> interrupted(driver, framework, err), "talus-execute-interrupt");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try {
      return run(framework, driverEnded, err);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and tears the framework down itself.
      }
      driver.stop(false);
      out.flush();
      err.flush();
    }
  }

  private int run(SingleTaskFramework framework, CompletableFuture<Status> driverEnded, PrintWriter err) {
    try {
      CompletableFuture.anyOf(framework.registration(), driverEnded).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      err.println("talus execute: could not subscribe to a master at " + masters + " within "
          + timeout.toSeconds() + "s");
      return 1;
    } catch (ExecutionException e) {
      err.println("talus execute: the master refused the framework: " + e.getCause().getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    if (!framework.registration().isDone()) {
      err.println("talus execute: the driver stopped (" + driverEnded.join() + ") before it subscribed");
      return 1;
    }
    TaskStatus end;
    try {
      CompletableFuture.anyOf(framework.outcome(), driverEnded).get();
      if (!framework.outcome().isDone()) {
        err.println("talus execute: the driver stopped (" + driverEnded.join() + ") before the task ended");
        return 1;
      }
      end = framework.outcome().get();
    } catch (ExecutionException e) {
      err.println("talus execute: the master refused the framework: " + e.getCause().getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
    if (end.getState() == TaskState.TASK_FINISHED) {
      return 0;
    }
    err.println("talus execute: task " + end.getTaskId().getValue() + " ended " + end.getState()
        + (end.hasReason() ? " (" + end.getReason() + ")" : "")
        + (end.getMessage().isEmpty() ? "" : ": " + end.getMessage()));
    return 1;
  }

  private Resources taskResources() {
    try {
      Resources parsed = Resources.parse(resources);
      if (parsed.isEmpty()) {
        throw new IllegalArgumentException("no resources in '" + resources + "'");
      }
      return parsed;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--resources: " + e.getMessage());
    }
  }

  private V1SchedulerDriver driver(SingleTaskFramework framework) {
    FrameworkInfo info = FrameworkInfo.newBuilder()
        .setUser(System.getProperty("user.name", "root"))
        .setName(name)
        .setRole(role)
        .setFailoverTimeout(0)
        .build();
    try {
      return V1SchedulerDriver.builder(framework, info, List.of(masters.split(","))).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--master: " + e.getMessage());
    }
  }

  /** Ctrl-C: no launch from now on; a launched task is killed and its end awaited; then TEARDOWN. */
  private static void interrupted(V1SchedulerDriver driver, SingleTaskFramework framework, PrintWriter err) {
    try {
      Optional<TaskInfo> task = framework.stopLaunching();
      if (task.isPresent() && !framework.outcome().isDone()) {
        err.println("talus execute: interrupted; killing task " + task.get().getTaskId().getValue());
        err.flush();
        driver.killTask(task.get().getTaskId(), task.get().getAgentId());
        framework.outcome().get(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      err.println("talus execute: no word of the task's end; tearing the framework down anyway");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      // TEARDOWN kills the task too, if the KILL did not get through.
      driver.stop(false);
      err.flush();
    }
  }

  /** One readable line per event, flushed at once: a user watches these arrive. */
  static final class Printer implements SingleTaskFramework.Listener {

    private final PrintWriter out;

    Printer(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void registered(FrameworkID frameworkId) {
      print("Subscribed with framework ID " + frameworkId.getValue());
    }

    @Override
    public void launched(TaskInfo task, Offer offer) {
      print("Launching task " + task.getTaskId().getValue() + " on agent " + offer.getAgentId().getValue()
          + " (" + offer.getHostname() + ") with " + Resources.of(task.getResourcesList()));
    }

    @Override
    public void update(TaskStatus status) {
      print(describe(status));
    }

    private void print(String line) {
      out.println(line);
      out.flush();
    }
  }

  /** {@code TASK_FAILED     task=t-1a2b agent=a1 source=SOURCE_EXECUTOR reason=... message="..."}. */
  static String describe(TaskStatus status) {
    StringBuilder line = new StringBuilder(String.format("%-15s task=%s", status.getState().name(),
        status.getTaskId().getValue()));
    if (status.hasAgentId()) {
      line.append(" agent=").append(status.getAgentId().getValue());
    }
    if (status.hasSource()) {
      line.append(" source=").append(status.getSource());
    }
    if (status.hasReason()) {
      line.append(" reason=").append(status.getReason());
    }
    if (!status.getMessage().isEmpty()) {
      line.append(" message=\"").append(status.getMessage().replace("\\", "\\\\").replace("\"", "\\\"")
          .replace("\n", "\\n")).append('"');
    }
    return line.toString();
  }
}
