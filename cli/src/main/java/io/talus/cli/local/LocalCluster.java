package io.talus.cli.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * A running local cluster: starts its nodes, waits until it is ready, records it in {@code
 * cluster.json}, follows nodes restarted by hand, and on stop leaves no process behind. It does
 * not supervise: a node that dies stays dead until someone starts it again with its {@code cmd}.
 */
public final class LocalCluster {

  /** How {@code talus local} was asked to run. */
  public record Settings(int masters, int agents, int basePort, Optional<Path> workDir, Duration startTimeout,
      String mainClass) {}

  private static final Duration AGENT_STOP_GRACE = Duration.ofSeconds(5);
  private static final Duration MASTER_STOP_GRACE = Duration.ofSeconds(10);
  private static final Duration REAP_TIMEOUT = Duration.ofSeconds(15);
  private static final int LOG_TAIL_LINES = 40;

  private final Path dir;
  private final List<LocalNode> nodes;
  private final PrintWriter out;
  private final PrintWriter err;
  private final ProcessReaper reaper;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final Set<String> reportedDead = new HashSet<>();
  private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "talus-local-watcher");
    t.setDaemon(true);
    return t;
  });

  private LocalCluster(Path dir, List<NodeSpec> specs, PrintWriter out, PrintWriter err) {
    this.dir = dir;
    this.nodes = specs.stream().map(LocalNode::new).toList();
    this.out = out;
    this.err = err;
    this.reaper = new ProcessReaper(specs.stream().map(NodeSpec::workDir).toList());
  }

  /**
   * Runs a cluster until SIGINT or SIGTERM.
   *
   * @return 0 after a clean stop, 1 when it could not start (or could not clean up)
   * @throws IllegalArgumentException for settings the port layout cannot hold
   */
  public static int run(Settings settings, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
    LocalLayout.validate(settings.masters(), settings.agents(), settings.basePort());
    boolean fresh = settings.workDir().isEmpty();
    Path dir = fresh ? Files.createTempDirectory("talus-local-")
        : Files.createDirectories(settings.workDir().get().toAbsolutePath().normalize());
    out.println("talus local: work dir " + dir + (fresh ? " (a fresh temp dir)" : ""));
    out.flush();
    List<String> taken = PortCheck.taken(
        LocalLayout.plan(settings.masters(), settings.agents(), settings.basePort(), dir, List.of()));
    if (!taken.isEmpty()) {
      err.println("talus local: could not start: already in use: " + String.join(", ", taken)
          + ". Stop what holds them or pick another --base-port.");
      err.flush();
      if (fresh) {
        Files.delete(dir);
      }
      return 1;
    }
    List<NodeSpec> specs = LocalLayout.plan(settings.masters(), settings.agents(), settings.basePort(), dir,
        JvmLauncher.current(settings.mainClass(), dir.resolve("lib")));
    return new LocalCluster(dir, specs, out, err).run(settings.startTimeout());
  }

  /** Masters first; agents once the masters listen for gossip, so that they join at once. */
  private int run(Duration startTimeout) throws InterruptedException {
    StopSignal stop = StopSignal.install();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "talus-local-shutdown"));
    long started = System.nanoTime();
    say("talus local: starting " + plural(count(true), "master") + " and " + plural(count(false), "agent")
        + "; each logs to " + dir.resolve("<node>").resolve("node.log"));
    Optional<LocalNode> leader;
    try {
      nodes(true).forEach(LocalNode::start);
      if (Readiness.awaitGossip(nodes(true), startTimeout, stop::requested)) {
        nodes(false).forEach(LocalNode::start);
        leader = Readiness.await(nodes, startTimeout.minusNanos(System.nanoTime() - started), stop::requested);
      } else {
        leader = Optional.empty();
      }
    } catch (Readiness.StartFailure failure) {
      err.println("talus local: could not start: " + failure.getMessage());
      for (LocalNode node : failure.nodes()) {
        err.println("---- the last " + LOG_TAIL_LINES + " lines of " + node.spec().log() + " ----");
        err.println(node.logTail(LOG_TAIL_LINES));
      }
      err.flush();
      stop();
      return 1;
    } catch (RuntimeException e) {
      err.println("talus local: could not start: " + e.getMessage());
      err.flush();
      stop();
      return 1;
    }
    if (leader.isEmpty()) {
      say("talus local: " + stop.signal() + " before the cluster was ready; stopping");
      return stop() ? 0 : 1;
    }
    Path file = ClusterFile.write(dir, nodes);
    printReady(leader.get(), file, Duration.ofNanos(System.nanoTime() - started));
    watcher.scheduleWithFixedDelay(this::followRestarts, 1, 1, TimeUnit.SECONDS);
    stop.await();
    say("talus local: " + stop.signal() + "; stopping the cluster");
    return stop() ? 0 : 1;
  }

  private void printReady(LocalNode leader, Path file, Duration took) {
    say(String.format("talus local: the cluster is up after %.1fs", took.toMillis() / 1000.0));
    say("masters:");
    for (LocalNode m : nodes(true)) {
      say(String.format("  %-4s %-24s pid %d%s", m.spec().name(), m.spec().http(), m.pid(),
          m == leader ? "  leader" : ""));
    }
    say("leader: " + leader.spec().name() + " " + leader.spec().http());
    say("agents:");
    for (LocalNode a : nodes(false)) {
      say(String.format("  %-4s %-24s pid %-7d id %s  %s", a.spec().name(), a.spec().http(), a.pid(),
          a.agentId(), a.spec().resources()));
    }
    say("cluster.json: " + file);
    say("Ready. Try:");
    say("  bin/talus execute --master " + LocalLayout.IP + ":" + leader.spec().httpPort()
        + " --name hello --command 'echo hello'");
    say("Ctrl-C (or SIGTERM) stops every node and every task they started.");
  }

  /** Follows nodes restarted by hand, and says when one died; keeps {@code cluster.json} true. */
  private void followRestarts() {
    try {
      List<LocalNode> dead = nodes.stream().filter(n -> !n.alive()).toList();
      if (dead.isEmpty() || stopping.get()) {
        return;
      }
      List<ProcTable.Proc> processes = ProcTable.all();
      boolean changed = false;
      for (LocalNode node : dead) {
        long before = node.pid();
        if (node.follow(processes)) {
          changed = true;
          reportedDead.remove(node.spec().name());
          say("talus local: " + node.spec().name() + " runs again as pid " + node.pid() + " (was " + before
              + "); cluster.json updated");
        } else if (reportedDead.add(node.spec().name())) {
          say("talus local: " + node.spec().name() + " (pid " + before + ") has exited; its cmd in cluster.json"
              + " starts it again");
        }
      }
      if (changed) {
        ClusterFile.write(dir, nodes);
      }
    } catch (RuntimeException e) {
      say("talus local: could not check the nodes: " + e);
    }
  }

  /**
   * Agents, then masters (SIGTERM, then SIGKILL after a grace period), then every process left in
   * the nodes' work dirs: tasks outlive their agent by design.
   *
   * @return whether nothing was left
   */
  private boolean stop() {
    if (!stopping.compareAndSet(false, true)) {
      return true;
    }
    watcher.shutdownNow();
    List<String> killed = new ArrayList<>();
    killed.addAll(stopNodes(nodes(false), AGENT_STOP_GRACE));
    killed.addAll(stopNodes(nodes(true), MASTER_STOP_GRACE));
    if (!killed.isEmpty()) {
      say("talus local: killed " + String.join(", ", killed) + " (SIGTERM was not enough)");
    }
    int leftovers = reaper.leftovers().size();
    List<ProcTable.Proc> left = reaper.reap(REAP_TIMEOUT);
    if (!left.isEmpty()) {
      err.println("talus local: these processes survived SIGKILL:");
      left.forEach(p -> err.println("  " + p));
      err.flush();
      return false;
    }
    say("talus local: stopped " + plural(nodes.stream().filter(LocalNode::started).count(), "node")
        + (leftovers > 0 ? " and killed " + plural(leftovers, "process") + " they left (tasks)" : "")
        + "; no process is left in " + dir);
    return true;
  }

  /** @return the names of the nodes that had to be killed */
  private static List<String> stopNodes(List<LocalNode> group, Duration grace) {
    group.forEach(LocalNode::terminate);
    long deadline = System.nanoTime() + grace.toNanos();
    while (group.stream().anyMatch(LocalNode::alive) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<LocalNode> stragglers = group.stream().filter(LocalNode::alive).toList();
    stragglers.forEach(LocalNode::kill);
    return stragglers.stream().map(n -> n.spec().name()).collect(Collectors.toList());
  }

  private List<LocalNode> nodes(boolean masters) {
    return nodes.stream().filter(n -> n.spec().master() == masters).toList();
  }

  private long count(boolean masters) {
    return nodes(masters).size();
  }

  private static String plural(long n, String thing) {
    return n + " " + thing + (n == 1 ? "" : thing.endsWith("s") ? "es" : "s");
  }

  private synchronized void say(String line) {
    out.println(line);
    out.flush();
  }
}
