package io.talus.agent.containerizer;

import io.talus.protocol.agent.ProcessRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;

/**
 * The in-memory twin of {@link SupervisedProcessLauncher} for tests of the agent's logic: no
 * process runs; the test sees what was launched and killed, and decides when and how each process
 * ends and what a restart finds.
 */
public final class FakeProcessLauncher implements ProcessLauncher {

  private final List<FakeProcess> launched = new ArrayList<>();
  private final Map<Long, LaunchedProcess> recoverable = new HashMap<>();
  private long nextPid = 1000;
  private boolean ignoreTerm;
  private IOException nextLaunchFailure;

  @Override
  public synchronized LaunchedProcess launch(LaunchSpec spec) throws IOException {
    if (nextLaunchFailure != null) {
      IOException e = nextLaunchFailure;
      nextLaunchFailure = null;
      throw e;
    }
    long pid = nextPid++;
    FakeProcess process = new FakeProcess(spec, ProcessRecord.newBuilder()
        .setPid(pid)
        .setStartTicks(pid * 100)
        .setSupervisorPid(pid + 1_000_000)
        .setStatusDir(spec.statusDir().toString())
        .build());
    launched.add(process);
    return process;
  }

  /** The handle for {@code record}: what {@link #onRecover} registered, else an unknown end. */
  @Override
  public synchronized LaunchedProcess recover(ProcessRecord record) {
    LaunchedProcess p = recoverable.get(record.getPid());
    if (p != null) {
      return p;
    }
    FakeProcess gone = new FakeProcess(null, record);
    gone.exit(ExitStatus.unknown());
    return gone;
  }

  @Override
  public String isolation() {
    return "none: fake launcher";
  }

  /** Makes {@link #recover} of a record with {@code pid} find a process still running. */
  public synchronized FakeProcess onRecover(long pid) {
    FakeProcess p = new FakeProcess(null, ProcessRecord.newBuilder().setPid(pid).build());
    recoverable.put(pid, p);
    return p;
  }

  /** Makes {@link #recover} of a record with {@code pid} find it ended with {@code status}. */
  public synchronized void onRecover(long pid, ExitStatus status) {
    onRecover(pid).exit(status);
  }

  /** From now on kills only record their grace: the test ends the processes itself. */
  public synchronized void ignoreTerm(boolean ignore) {
    this.ignoreTerm = ignore;
  }

  /** The next {@link #launch} throws {@code failure}. */
  public synchronized void failNextLaunch(IOException failure) {
    this.nextLaunchFailure = failure;
  }

  public synchronized List<FakeProcess> launched() {
    return List.copyOf(launched);
  }

  /** The latest process launched for {@code containerId}. */
  public synchronized FakeProcess process(String containerId) {
    for (int i = launched.size() - 1; i >= 0; i--) {
      if (launched.get(i).spec().containerId().equals(containerId)) {
        return launched.get(i);
      }
    }
    throw new NoSuchElementException("no launch of container " + containerId);
  }

  private synchronized boolean ignoresTerm() {
    return ignoreTerm;
  }

  /** A process that runs until the test ends it or the agent kills it. */
  public final class FakeProcess implements LaunchedProcess {
    private final LaunchSpec spec;
    private final ProcessRecord record;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    private final List<Duration> kills = new ArrayList<>();

    private FakeProcess(LaunchSpec spec, ProcessRecord record) {
      this.spec = spec;
      this.record = record;
    }

    /** What it was launched with; null for a recovered one. */
    public LaunchSpec spec() {
      return spec;
    }

    @Override
    public long pid() {
      return record.getPid();
    }

    @Override
    public ProcessRecord record() {
      return record;
    }

    @Override
    public CompletableFuture<ExitStatus> onExit() {
      return exit;
    }

    /** Records the grace; ends the process as SIGTERM would unless TERM is ignored. */
    @Override
    public void kill(Duration grace) {
      synchronized (this) {
        kills.add(grace);
      }
      if (!ignoresTerm()) {
        exit(128 + 15);
      }
    }

    /** The grace periods of the kills asked for, in order. */
    public synchronized List<Duration> kills() {
      return List.copyOf(kills);
    }

    public boolean running() {
      return !exit.isDone();
    }

    /** Ends it with {@code code}; no effect when it already ended. */
    public void exit(int code) {
      exit(ExitStatus.exited(code));
    }

    public void exit(ExitStatus status) {
      exit.complete(status);
    }
  }
}
