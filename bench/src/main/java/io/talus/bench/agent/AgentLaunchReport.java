package io.talus.bench.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one {@link AgentLaunchBench} run, as a table and as JSON (the record's component
 * names are the JSON field names).
 *
 * @param launchesPerSecond TASK_RUNNING updates received per second, from the first ACCEPT to the
 *     last task's RUNNING, for {@code tasks} long-running tasks
 * @param finishedPerSecond TASK_FINISHED per second, from the first ACCEPT to the last FINISHED,
 *     for {@code tasks} tasks running {@code true}
 * @param killedPerSecond TASK_KILLED per second, from the first KILL to the last KILLED
 * @param acceptToFirstStartingMs from the first ACCEPT to the first TASK_STARTING: the master's
 *     and the agent's path for one task
 * @param acceptToStartingP50Ms set against ACCEPT→RUNNING, shows how long RUNNING waits at the
 *     agent for STARTING's acknowledgement
 * @param agentIsolation how the agent isolates tasks (cgroups cost a few ms per launch)
 * @param agentHeapLiveIdleMiB the agent's heap in use after a full collection, before any task
 * @param agentHeapUsedMiB the agent's heap in use with {@code runningTasks} tasks, garbage included
 * @param agentHeapLiveMiB the same after a full collection
 * @param sandboxProcesses supervisors and tasks found under the agent's work dir
 * @param perTaskRssKiB their summed VmRSS over {@code runningTasks}: counts shared pages (the
 *     shell, libc) once per process
 * @param perTaskPssKiB the same with proportional set sizes, which share those pages out
 */
public record AgentLaunchReport(
    String date,
    String machine,
    int cores,
    String java,
    String agentIsolation,
    int tasks,
    double launchesPerSecond,
    double finishedPerSecond,
    double killedPerSecond,
    double acceptToFirstStartingMs,
    double acceptToStartingP50Ms,
    double acceptToRunningP50Ms,
    double acceptToRunningP99Ms,
    double acceptToRunningMaxMs,
    int runningTasks,
    double agentRssIdleMiB,
    double agentRssRunningMiB,
    double agentHeapLiveIdleMiB,
    double agentHeapUsedMiB,
    double agentHeapLiveMiB,
    int sandboxProcesses,
    double perTaskRssKiB,
    double perTaskPssKiB) {

  /** One figure a line: a single run reads better down than across. */
  public String table() {
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("machine", machine + ", " + cores + " cores, Java " + java);
    rows.put("agent isolation", agentIsolation);
    rows.put("tasks", Integer.toString(tasks));
    rows.put("launches/s (to TASK_RUNNING)", f1(launchesPerSecond));
    rows.put("finished/s (`true`)", f1(finishedPerSecond));
    rows.put("killed/s", f1(killedPerSecond));
    rows.put("accept→first starting ms", f1(acceptToFirstStartingMs));
    rows.put("accept→starting p50 ms", f1(acceptToStartingP50Ms));
    rows.put("accept→running p50 ms", f1(acceptToRunningP50Ms));
    rows.put("accept→running p99 ms", f1(acceptToRunningP99Ms));
    rows.put("accept→running max ms", f1(acceptToRunningMaxMs));
    rows.put("agent RSS idle MiB", f1(agentRssIdleMiB));
    rows.put("agent RSS with " + runningTasks + " tasks MiB", f1(agentRssRunningMiB));
    rows.put("agent heap live idle MiB", f1(agentHeapLiveIdleMiB));
    rows.put("agent heap used MiB (live after GC)",
        f1(agentHeapUsedMiB) + " (" + f1(agentHeapLiveMiB) + ")");
    rows.put("supervisor+task processes", Integer.toString(sandboxProcesses));
    rows.put("per-task supervisor+task RSS KiB", f1(perTaskRssKiB));
    rows.put("per-task supervisor+task PSS KiB", f1(perTaskPssKiB));
    int width = rows.keySet().stream().mapToInt(String::length).max().orElse(0);
    StringBuilder sb = new StringBuilder();
    rows.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%-" + width + "s  %s%n", k, v)));
    return sb.toString();
  }

  private static String f1(double v) {
    return String.format(Locale.ROOT, "%,.1f", v);
  }

  /** Writes the figures as JSON to {@code out}, creating its directory. */
  public void write(Path out) throws IOException {
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), this);
  }
}
