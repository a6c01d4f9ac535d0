package io.talus.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.talus.chaos.history.History;
import io.talus.chaos.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LegalTransitionsCheckerTest {

  private final LegalTransitionsChecker checker = new LegalTransitionsChecker();

  @Test
  void ordinaryLifecyclesAreValid() {
    History history =
        history(
            status("t1", "TASK_STAGING"),
            status("t2", "TASK_RUNNING"), // STAGING is never sent to frameworks; skipping is fine
            status("t1", "TASK_STARTING"),
            status("t1", "TASK_RUNNING"),
            status("t1", "TASK_RUNNING"), // a reconciliation answer repeats the state
            status("t2", "TASK_KILLING"),
            status("t1", "TASK_FINISHED"),
            status("t2", "TASK_KILLED"),
            status("t1", "TASK_FINISHED"), // a retried terminal update
            status("t3", "TASK_FAILED")); // failed to launch

    CheckResult result = checker.check(history);

    assertThat(result.failures()).isEmpty();
    assertThat(result.valid()).isTrue();
    assertThat(result.counts())
        .containsEntry("tasks", 3L)
        .containsEntry("updates", 10L)
        .containsEntry("illegal", 0L);
  }

  @Test
  void aPartitionedTaskMayComeBackOrEnd() {
    History history =
        history(
            status("t1", "TASK_RUNNING"),
            status("t1", "TASK_UNREACHABLE"),
            status("t1", "TASK_UNREACHABLE"),
            status("t1", "TASK_RUNNING"),
            status("t2", "TASK_STARTING"),
            status("t2", "TASK_UNREACHABLE"),
            status("t2", "TASK_GONE"));

    assertThat(checker.check(history).failures()).isEmpty();
  }

  @Test
  void runningAfterFinishedIsReportedNamingTheTask() {
    History history =
        history(
            status("t1", "TASK_RUNNING"),
            status("t7", "TASK_RUNNING"),
            status("t7", "TASK_FINISHED"),
            status("t7", "TASK_RUNNING"));

    CheckResult result = checker.check(history);

    assertThat(result.valid()).isFalse();
    assertThat(result.counts()).containsEntry("illegal", 1L);
    assertThat(result.failures())
        .singleElement()
        .asString()
        .startsWith("task t7: TASK_RUNNING at op 3 after TASK_FINISHED at op 2");
  }

  @Test
  void stagingAfterRunningIsReportedNamingTheTask() {
    History history =
        history(
            status("web-1", "TASK_STAGING"),
            status("web-1", "TASK_RUNNING"),
            status("web-1", "TASK_STAGING"));

    CheckResult result = checker.check(history);

    assertThat(result.valid()).isFalse();
    assertThat(result.failures())
        .singleElement()
        .asString()
        .startsWith("task web-1: TASK_STAGING at op 2 after TASK_RUNNING at op 1");
  }

  @Test
  void everyUpdateAfterATerminalStateIsReported() {
    History history =
        history(
            status("t1", "TASK_FINISHED"),
            status("t1", "TASK_RUNNING"),
            status("t1", "TASK_FAILED"),
            status("t1", "TASK_FINISHED"));

    CheckResult result = checker.check(history);

    assertThat(result.failures())
        .hasSize(2)
        .allSatisfy(failure -> assertThat(failure).contains("after TASK_FINISHED at op 0"));
  }

  @Test
  void otherIllegalMovesAreCaught() {
    List<List<String>> illegal =
        List.of(
            List.of("TASK_KILLING", "TASK_RUNNING"),
            List.of("TASK_RUNNING", "TASK_STARTING"),
            List.of("TASK_UNREACHABLE", "TASK_STARTING"),
            List.of("TASK_RUNNING", "TASK_UNKNOWN"),
            List.of("TASK_LOST", "TASK_RUNNING"));
    for (List<String> move : illegal) {
      CheckResult result =
          checker.check(history(status("t", move.get(0)), status("t", move.get(1))));

      assertThat(result.valid()).as("%s -> %s", move.get(0), move.get(1)).isFalse();
    }
  }

  @Test
  void onlyObservedStatusOpsCount() {
    History history =
        history(
            status("t1", "TASK_FINISHED"),
            new Op(0, Op.Type.INFO, "status", value("t1", "TASK_RUNNING"), "timeout", 0, 0),
            Op.invoke(0, "launch", value("t1", "TASK_STAGING"), 0, 0));

    assertThat(checker.check(history).valid()).isTrue();
  }

  @Test
  void malformedStatusOpsAreFailures() {
    History history =
        history(
            Op.ok(0, "status", Map.of("state", "TASK_RUNNING"), 0, 0),
            status("t1", "TASK_SLEEPING"));

    CheckResult result = checker.check(history);

    assertThat(result.failures())
        .hasSize(2)
        .allSatisfy(failure -> assertThat(failure).contains("without a task_id or known state"));
  }

  private static History history(Op... ops) {
    return History.of(new ArrayList<>(List.of(ops)));
  }

  private static Op status(String taskId, String state) {
    return Op.ok(1, "status", value(taskId, state), 0, 0);
  }

  private static Map<String, Object> value(String taskId, String state) {
    return Map.of("task_id", taskId, "state", state);
  }
}
