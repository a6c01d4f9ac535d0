package io.talus.cli.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.talus.driver.examples.TaskAttempt;
import io.talus.mesos.v1.Protos.TaskState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** "Every batch task ran exactly once", checked against the framework's history and the agent's disk. */
public final class FrameworkChecks {

  private FrameworkChecks() {}

  /** The command of batch task {@code i} prints {@code batch-output-i} once. */
  public static final String BATCH_COMMAND = "sleep 0.5; echo batch-output-$i";
  private static final Pattern OUTPUT = Pattern.compile("batch-output-(\\d+)");

  public static void everyTaskFinishedExactlyOnce(List<TaskAttempt> history, int tasks) {
    Map<Integer, Long> finished = history.stream()
        .filter(a -> a.terminal().equals(Optional.of(TaskState.TASK_FINISHED)))
        .collect(Collectors.groupingBy(TaskAttempt::slot, TreeMap::new, Collectors.counting()));
    assertThat(finished).as("TASK_FINISHED per batch index, in " + history).hasSize(tasks)
        .allSatisfy((i, n) -> assertThat(n).as("finished attempts of task " + i).isEqualTo(1));
    assertThat(history).as("every attempt's states").allSatisfy(a ->
        assertThat(a.states().stream().filter(s -> s == TaskState.TASK_FINISHED).count()).isLessThanOrEqualTo(1));
  }

  /**
   * Each task ID ran at most once on the agent, every finished one ran, and every batch index's
   * command ran exactly once: its output is in exactly one sandbox's stdout.
   */
  public static void everyCommandRanExactlyOnce(Path agentWorkDir, String frameworkId, List<TaskAttempt> history,
      int tasks) {
    Map<String, List<Path>> runs = Sandboxes.runs(agentWorkDir, frameworkId);
    assertThat(runs).as("run directories per task ID").allSatisfy((taskId, dirs) ->
        assertThat(dirs).as("runs of " + taskId).hasSizeLessThanOrEqualTo(1));
    for (TaskAttempt a : history) {
      if (a.terminal().equals(Optional.of(TaskState.TASK_FINISHED))) {
        assertThat(runs.get(a.taskId())).as("the sandbox of finished task " + a.taskId()).hasSize(1);
      }
    }
    Map<Integer, Integer> outputs = new TreeMap<>();
    runs.values().stream().flatMap(List::stream).forEach(run -> {
      Matcher m = OUTPUT.matcher(Sandboxes.stdout(run));
      while (m.find()) {
        outputs.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
      }
    });
    assertThat(outputs).as("how often each batch command printed its output").hasSize(tasks)
        .allSatisfy((i, n) -> assertThat(n).as("runs of the command of task " + i).isEqualTo(1));
  }
}
