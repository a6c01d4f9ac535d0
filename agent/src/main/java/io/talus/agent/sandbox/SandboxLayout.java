package io.talus.agent.sandbox;

import io.talus.protocol.ids.MesosIds;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Mesos agent's work-directory layout (Mesos {@code src/slave/paths.cpp}), with {@code W} the
 * work dir and {@code A}, {@code F}, {@code E}, {@code C}, {@code T} the agent, framework,
 * executor, container and task ids:
 *
 * <pre>{@code
 * W/slaves/A/frameworks/F/executors/E/runs/C          the sandbox of one executor run
 * W/slaves/A/frameworks/F/executors/E/runs/latest     -> C, the most recent run
 * W/meta/boot_id
 * W/meta/slaves/latest                                -> A, the agent that checkpointed last
 * W/meta/slaves/A/slave.info
 * W/meta/slaves/A/frameworks/F/framework.info
 * W/meta/slaves/A/frameworks/F/executors/E/executor.info
 * W/meta/slaves/A/frameworks/F/executors/E/runs/C/tasks/T/task.info
 * W/meta/slaves/A/frameworks/F/executors/E/runs/C/tasks/T/task.updates
 * }</pre>
 *
 * <p>IDs come from frameworks and the network, so every one is checked before it becomes a path
 * segment: a framework must not be able to name an executor {@code ../../..} and have the agent
 * write outside its work dir.
 */
public final class SandboxLayout {

  static final String LATEST = "latest";

  // Distinguishes concurrent link updates in one JVM; the pid distinguishes agent processes.
  private static final AtomicLong TEMP_COUNTER = new AtomicLong();

  private final Path workDir;

  /** A layout rooted at {@code workDir}, made absolute and normalized. */
  public SandboxLayout(Path workDir) {
    this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath().normalize();
  }

  public Path workDir() {
    return workDir;
  }

  // ---- sandboxes -------------------------------------------------------------------------------

  /** {@code <work_dir>/slaves/<agent>}: everything the agent with this id ran. */
  public Path agentDir(String agentId) {
    return under(workDir, "slaves", id("agent", agentId, true));
  }

  public Path frameworkDir(String agentId, String frameworkId) {
    return under(agentDir(agentId), "frameworks", id("framework", frameworkId, false));
  }

  public Path executorDir(String agentId, String frameworkId, String executorId) {
    return under(
        frameworkDir(agentId, frameworkId), "executors", id("executor", executorId, false));
  }

  /** The sandbox of one run (container) of an executor: {@code MESOS_DIRECTORY}. */
  public Path runDir(String agentId, String frameworkId, String executorId, String containerId) {
    return under(
        executorDir(agentId, frameworkId, executorId), "runs", id("container", containerId, true));
  }

  /** {@code .../runs/latest}: a link to the executor's most recent run. */
  public Path latestRunLink(String agentId, String frameworkId, String executorId) {
    return under(executorDir(agentId, frameworkId, executorId), "runs", LATEST);
  }

  /**
   * Creates the sandbox of a new run and points {@code runs/latest} at it, as the Mesos agent does
   * when it launches an executor. The link is replaced atomically: a reader following {@code
   * latest} (the {@code /files} API, an operator's shell) sees the old run or the new one, never a
   * missing link.
   *
   * @return the run directory
   */
  public Path createRunDir(
      String agentId, String frameworkId, String executorId, String containerId)
      throws IOException {
    Path runDir = runDir(agentId, frameworkId, executorId, containerId);
    Files.createDirectories(runDir);
    replaceSymlink(latestRunLink(agentId, frameworkId, executorId), runDir.getFileName());
    return runDir;
  }

  // ---- checkpoints -----------------------------------------------------------------------------

  /** {@code <work_dir>/meta}: the checkpoint tree an agent recovers from after a restart. */
  public Path metaDir() {
    return workDir.resolve("meta");
  }

  /** {@code meta/boot_id}: tells a restart of the agent from a reboot of the host. */
  public Path bootIdFile() {
    return metaDir().resolve("boot_id");
  }

  /** {@code meta/slaves/latest}: the id of the agent that last checkpointed here. */
  public Path latestAgentLink() {
    return under(metaDir(), "slaves", LATEST);
  }

  public Path agentMetaDir(String agentId) {
    return under(metaDir(), "slaves", id("agent", agentId, true));
  }

  public Path agentInfoFile(String agentId) {
    return agentMetaDir(agentId).resolve("slave.info");
  }

  public Path frameworkMetaDir(String agentId, String frameworkId) {
    return under(agentMetaDir(agentId), "frameworks", id("framework", frameworkId, false));
  }

  public Path frameworkInfoFile(String agentId, String frameworkId) {
    return frameworkMetaDir(agentId, frameworkId).resolve("framework.info");
  }

  public Path executorMetaDir(String agentId, String frameworkId, String executorId) {
    return under(
        frameworkMetaDir(agentId, frameworkId), "executors", id("executor", executorId, false));
  }

  public Path executorInfoFile(String agentId, String frameworkId, String executorId) {
    return executorMetaDir(agentId, frameworkId, executorId).resolve("executor.info");
  }

  public Path runMetaDir(
      String agentId, String frameworkId, String executorId, String containerId) {
    return under(
        executorMetaDir(agentId, frameworkId, executorId),
        "runs",
        id("container", containerId, true));
  }

  public Path taskMetaDir(
      String agentId, String frameworkId, String executorId, String containerId, String taskId) {
    return under(
        runMetaDir(agentId, frameworkId, executorId, containerId),
        "tasks",
        id("task", taskId, false));
  }

  public Path taskInfoFile(
      String agentId, String frameworkId, String executorId, String containerId, String taskId) {
    return taskMetaDir(agentId, frameworkId, executorId, containerId, taskId).resolve("task.info");
  }

  /** The task's checkpointed status updates and acknowledgements, replayed on recovery. */
  public Path taskUpdatesFile(
      String agentId, String frameworkId, String executorId, String containerId, String taskId) {
    return taskMetaDir(agentId, frameworkId, executorId, containerId, taskId)
        .resolve("task.updates");
  }

  /** Points {@code meta/slaves/latest} at this agent's checkpoint directory, atomically. */
  public void markLatestAgent(String agentId) throws IOException {
    Path agentMetaDir = agentMetaDir(agentId);
    Files.createDirectories(agentMetaDir);
    replaceSymlink(latestAgentLink(), agentMetaDir.getFileName());
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /**
   * Makes {@code link} point at {@code target} (relative, so a moved work dir stays valid) by
   * creating the new link under a temporary name and renaming it over the old one: rename(2)
   * replaces the destination atomically.
   */
  private static void replaceSymlink(Path link, Path target) throws IOException {
    Path temp =
        link.resolveSibling(
            "."
                + link.getFileName()
                + "."
                + ProcessHandle.current().pid()
                + "."
                + TEMP_COUNTER.incrementAndGet());
    try {
      Files.createSymbolicLink(temp, target);
    } catch (FileAlreadyExistsException e) {
      // Left by a crash of an earlier process that had our pid; it is ours to reuse.
      Files.delete(temp);
      Files.createSymbolicLink(temp, target);
    }
    try {
      Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  private Path under(Path parent, String directory, String segment) {
    Path path = parent.resolve(directory).resolve(segment).normalize();
    if (!path.startsWith(workDir)) {
      // Unreachable after id(), kept so that a future change to the checks cannot open a hole.
      throw new IllegalArgumentException(path + " is outside the work dir " + workDir);
    }
    return path;
  }

  /**
   * Checks that an id is usable as a single path segment. {@code latest} is refused where it
   * would collide with the {@code latest} links (agent and container ids).
   */
  static String id(String kind, String value, boolean latestIsReserved) {
    if (value == null) {
      throw new IllegalArgumentException(kind + " id must not be empty");
    }
    MesosIds.validate(value).ifPresent(why -> {
      throw new IllegalArgumentException(kind + " id: " + why);
    });
    if (latestIsReserved && value.equals(LATEST)) {
      throw new IllegalArgumentException(kind + " id must not be '" + LATEST + "'");
    }
    return value;
  }
}
