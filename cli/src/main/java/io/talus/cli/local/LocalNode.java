package io.talus.cli.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A node process of the local cluster. Its pid follows the node: when the process {@code talus
 * local} started dies and someone starts the node again with its command line, {@link #follow}
 * finds the new process, so stopping the cluster stops that one.
 */
final class LocalNode {

  private final NodeSpec spec;
  private Process started;
  private volatile long pid = -1;
  private volatile String agentId;

  LocalNode(NodeSpec spec) {
    this.spec = spec;
  }

  NodeSpec spec() {
    return spec;
  }

  long pid() {
    return pid;
  }

  /** The agent id its master gave it; null for a master or before it registered. */
  String agentId() {
    return agentId;
  }

  void agentId(String id) {
    this.agentId = id;
  }

  /** The id {@code cluster.json} gives it: a master's Raft id, an agent's id. */
  String id() {
    return spec.master() || agentId == null ? spec.name() : agentId;
  }

  /** Starts the process, its stdout and stderr appended to the node's log. */
  void start() {
    try {
      Files.createDirectories(spec.workDir());
      Files.writeString(spec.log(), "==== talus local " + Instant.now() + ": " + String.join(" ", spec.argv()) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      started = new ProcessBuilder(spec.argv())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(spec.log().toFile()))
          .redirectErrorStream(true)
          .start();
      pid = started.pid();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + spec.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether the node's process runs. A process this command started is known by its handle; one
   * started by hand only by its pid, which counts only while its argv is still the node's (a pid
   * is reused once its process is gone).
   */
  boolean alive() {
    if (started != null && started.pid() == pid) {
      return started.isAlive();
    }
    return pid > 0 && ProcTable.get(pid).filter(ProcTable.Proc::live)
        .map(p -> p.argv().equals(spec.argv())).orElse(false);
  }

  /** Whether it was ever started (a failed start may stop the cluster before every node is). */
  boolean started() {
    return pid > 0;
  }

  /** The exit code of the process this command started, once it has exited. */
  Optional<Integer> exitCode() {
    return started != null && !started.isAlive() && started.pid() == pid
        ? Optional.of(started.exitValue()) : Optional.empty();
  }

  /**
   * When its process is gone, looks for a live one with exactly the node's command line (a
   * restart by hand) and follows that one.
   *
   * @return whether the pid changed
   */
  boolean follow(List<ProcTable.Proc> processes) {
    if (alive()) {
      return false;
    }
    Optional<ProcTable.Proc> again = processes.stream()
        .filter(p -> p.live() && p.argv().equals(spec.argv()))
        .findFirst();
    again.ifPresent(p -> pid = p.pid());
    return again.isPresent();
  }

  /** SIGTERM: the node stops cleanly (leaves gossip, closes its Raft peer). */
  void terminate() {
    signal(false);
  }

  void kill() {
    signal(true);
  }

  private void signal(boolean force) {
    if (!alive()) {
      return;
    }
    ProcessHandle.of(pid).ifPresent(p -> {
      if (force) {
        p.destroyForcibly();
      } else {
        p.destroy();
      }
    });
  }

  /** The last {@code lines} of its log. */
  String logTail(int lines) {
    try {
      List<String> all = new String(Files.readAllBytes(spec.log()), StandardCharsets.UTF_8).lines().toList();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + spec.log() + ": " + e.getMessage() + ")";
    }
  }
}
