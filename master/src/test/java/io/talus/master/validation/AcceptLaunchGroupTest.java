package io.talus.master.validation;

import static io.talus.master.validation.Fixtures.AGENT;
import static io.talus.master.validation.Fixtures.ROLE;
import static io.talus.master.validation.Fixtures.accept;
import static io.talus.master.validation.Fixtures.allocated;
import static io.talus.master.validation.Fixtures.commandTask;
import static io.talus.master.validation.Fixtures.executor;
import static io.talus.master.validation.Fixtures.launchGroup;
import static io.talus.master.validation.Fixtures.offer;
import static io.talus.master.validation.Fixtures.taskId;
import static io.talus.master.validation.Fixtures.validate;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus.Reason;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LAUNCH_GROUP: the default executor and its tasks launch together or not at all. */
class AcceptLaunchGroupTest {

  private static final Offer OFFER = offer("o1", "cpus:1;mem:128");

  private static ExecutorInfo.Builder defaultExecutor() {
    return executor("e", "cpus:0.1;mem:32").setType(ExecutorInfo.Type.DEFAULT);
  }

  private static AcceptResult launch(Offer.Operation operation) {
    return validate(accept(List.of("o1"), operation), OFFER);
  }

  private static void assertGroupRejected(AcceptResult result, String message, String... ids) {
    assertThat(result.launched()).isEmpty();
    assertThat(result.operations().get(0).error()).contains(message);
    assertThat(result.rejections())
        .containsExactly(
            Arrays.stream(ids)
                .map(
                    id ->
                        new TaskRejection(
                            taskId(id),
                            AGENT,
                            TaskState.TASK_ERROR,
                            Reason.REASON_TASK_GROUP_INVALID,
                            message))
                .toArray(TaskRejection[]::new));
    assertThat(result.remaining()).isEqualTo(allocated("cpus:1;mem:128", ROLE));
  }

  @Test
  void validGroupConsumesTheOfferExactly() {
    AcceptResult result =
        launch(
            launchGroup(
                defaultExecutor(),
                commandTask("g1", "cpus:0.5;mem:64"),
                commandTask("g2", "cpus:0.4;mem:32")));
    assertThat(result.launched())
        .extracting(t -> t.getTaskId().getValue())
        .containsExactly("g1", "g2");
    assertThat(result.rejections()).isEmpty();
    assertThat(result.used()).isEqualTo(allocated("cpus:1;mem:128", ROLE));
    assertThat(result.remaining().isEmpty()).isTrue();
    OperationOutcome outcome = result.operations().get(0);
    assertThat(outcome.isRefused()).isFalse();
    // The executor the agent will start carries the offers' role, like the tasks.
    assertThat(outcome.operation().getLaunchGroup().getExecutor().getResourcesList())
        .allSatisfy(r -> assertThat(r.getAllocationInfo().getRole()).isEqualTo(ROLE));
  }

  @Test
  void groupTaskWithoutCommandIsAccepted() {
    // Mesos does not require a command of a group task (its container image may supply one).
    AcceptResult result =
        launch(launchGroup(defaultExecutor(), commandTask("g1", "cpus:0.5").clearCommand()));
    assertThat(result.rejections()).isEmpty();
  }

  @Test
  void executorMustBeDefault() {
    assertGroupRejected(
        launch(
            launchGroup(
                executor("e", "cpus:0.1").setType(ExecutorInfo.Type.CUSTOM),
                commandTask("g1", "cpus:0.5"))),
        "'ExecutorInfo.type' of task group executor e must be 'DEFAULT'",
        "g1");
    assertGroupRejected(
        launch(launchGroup(executor("e", "cpus:0.1"), commandTask("g1", "cpus:0.5"))),
        "'ExecutorInfo.type' of task group executor e must be 'DEFAULT'",
        "g1");
  }

  @Test
  void defaultExecutorMustNotHaveACommand() {
    assertGroupRejected(
        launch(
            launchGroup(
                defaultExecutor().setCommand(CommandInfo.newBuilder().setValue("x")),
                commandTask("g1", "cpus:0.5"))),
        "'ExecutorInfo.command' must not be set for 'DEFAULT' executor e",
        "g1");
  }

  @Test
  void groupTasksMustNotSetAnExecutor() {
    assertGroupRejected(
        launch(
            launchGroup(
                defaultExecutor(),
                commandTask("g1", "cpus:0.2"),
                commandTask("g2", "cpus:0.2").setExecutor(executor("x", "cpus:0.1")))),
        "Task g2 of a task group must not set 'TaskInfo.executor'",
        "g1",
        "g2");
  }

  @Test
  void oneInvalidTaskFailsTheWholeGroup() {
    assertGroupRejected(
        launch(
            launchGroup(
                defaultExecutor(), commandTask("g1", "cpus:0.2"), commandTask("a/b", "cpus:0.2"))),
        "Task ID 'a/b' is invalid: 'a/b' contains invalid characters",
        "g1",
        "a/b");
  }

  @Test
  void emptyGroup() {
    AcceptResult result = launch(launchGroup(defaultExecutor()));
    assertThat(result.operations().get(0).error())
        .contains("Task group for executor e has no tasks");
    assertThat(result.rejections()).isEmpty();
  }

  @Test
  void groupOverCommits() {
    assertGroupRejected(
        launch(
            launchGroup(
                defaultExecutor(),
                commandTask("g1", "cpus:0.5;mem:64"),
                commandTask("g2", "cpus:0.5;mem:32"))),
        "Task group [g1, g2] uses more resources than remain in the offers: needs cpus:1.1;"
            + " mem:128, remaining cpus:1; mem:128, short of cpus:0.1",
        "g1",
        "g2");
  }

  @Test
  void groupAfterALaunchTakesWhatIsLeft() {
    AcceptResult result =
        validate(
            accept(
                List.of("o1"),
                Fixtures.launch(commandTask("t1", "cpus:0.5;mem:64")),
                launchGroup(defaultExecutor(), commandTask("g1", "cpus:0.4;mem:32"))),
            OFFER);
    assertThat(result.launched())
        .extracting(TaskInfo::getTaskId)
        .containsExactly(taskId("t1"), taskId("g1"));
    assertThat(result.remaining().isEmpty()).isTrue();
  }

  @Test
  void groupTaskIdClashesWithALaunchTask() {
    AcceptResult result =
        validate(
            accept(
                List.of("o1"),
                Fixtures.launch(commandTask("t1", "cpus:0.5")),
                launchGroup(defaultExecutor(), commandTask("t1", "cpus:0.1"))),
            OFFER);
    assertThat(result.rejections())
        .containsExactly(
            new TaskRejection(
                taskId("t1"),
                AGENT,
                TaskState.TASK_ERROR,
                Reason.REASON_TASK_GROUP_INVALID,
                "Task has duplicate ID: t1"));
  }
}
