package io.talus.master.validation;

import static io.talus.master.validation.Fixtures.ROLE;
import static io.talus.master.validation.Fixtures.AGENT;
import static io.talus.master.validation.Fixtures.accept;
import static io.talus.master.validation.Fixtures.agent;
import static io.talus.master.validation.Fixtures.allocated;
import static io.talus.master.validation.Fixtures.commandTask;
import static io.talus.master.validation.Fixtures.executor;
import static io.talus.master.validation.Fixtures.framework;
import static io.talus.master.validation.Fixtures.fw;
import static io.talus.master.validation.Fixtures.launch;
import static io.talus.master.validation.Fixtures.offer;
import static io.talus.master.validation.Fixtures.taskId;
import static io.talus.master.validation.Fixtures.validate;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.FrameworkInfo.Capability;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus.Reason;
import io.talus.mesos.v1.Protos.Value;
import io.talus.protocol.resources.Resources;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** LAUNCH: each task on its own, taking from what the earlier tasks left of the offers. */
class AcceptLaunchTest {

  private static TaskRejection taskError(String id, String message) {
    return new TaskRejection(
        taskId(id), AGENT, TaskState.TASK_ERROR, Reason.REASON_TASK_INVALID, message);
  }

  private static List<String> ids(List<TaskInfo> tasks) {
    return tasks.stream().map(t -> t.getTaskId().getValue()).toList();
  }

  private static AcceptResult launchOn(Offer offer, TaskInfo.Builder... tasks) {
    return validate(accept(List.of(offer.getId().getValue()), launch(tasks)), offer);
  }

  @Test
  void tasksConsumeTwoOffersExactly() {
    AcceptResult result =
        validate(
            accept(
                List.of("o1", "o2"),
                launch(commandTask("t1", "cpus:1;mem:128"), commandTask("t2", "cpus:2;mem:256"))),
            offer("o1", "cpus:1;mem:128"),
            offer("o2", "cpus:2;mem:256"));
    assertThat(result.offersError()).isEmpty();
    assertThat(result.agentId()).contains(AGENT);
    assertThat(ids(result.launched())).containsExactly("t1", "t2");
    assertThat(result.rejections()).isEmpty();
    assertThat(result.offered()).isEqualTo(allocated("cpus:3;mem:384", ROLE));
    assertThat(result.used()).isEqualTo(allocated("cpus:3;mem:384", ROLE));
    assertThat(result.remaining().isEmpty()).isTrue();
    // A single-role framework's resources are labelled with the offers' role, as Mesos does.
    assertThat(result.launched().get(0).getResourcesList())
        .allSatisfy(r -> assertThat(r.getAllocationInfo().getRole()).isEqualTo(ROLE));
    assertThat(result.operations().get(0).used()).isEqualTo(allocated("cpus:3;mem:384", ROLE));
  }

  @Test
  void secondTaskOverCommits() {
    AcceptResult result =
        launchOn(
            offer("o1", "cpus:2;mem:256"),
            commandTask("t1", "cpus:1.5;mem:128"),
            commandTask("t2", "cpus:1;mem:64"),
            commandTask("t3", "cpus:0.5;mem:64"));
    assertThat(ids(result.launched())).containsExactly("t1", "t3");
    assertThat(result.rejections())
        .containsExactly(
            taskError(
                "t2",
                "Task t2 uses more resources than remain in the offers: needs cpus:1; mem:64,"
                    + " remaining cpus:0.5; mem:128, short of cpus:0.5"));
    assertThat(result.used()).isEqualTo(allocated("cpus:2;mem:192", ROLE));
    assertThat(result.remaining()).isEqualTo(allocated("mem:64", ROLE));
  }

  @Test
  void operationsShareTheOffers() {
    AcceptResult result =
        validate(
            accept(
                List.of("o1"),
                launch(commandTask("t1", "cpus:1")),
                launch(commandTask("t2", "cpus:1"))),
            offer("o1", "cpus:1.5"));
    assertThat(ids(result.launched())).containsExactly("t1");
    assertThat(result.rejections())
        .containsExactly(
            taskError(
                "t2",
                "Task t2 uses more resources than remain in the offers: needs cpus:1, remaining"
                    + " cpus:0.5, short of cpus:0.5"));
  }

  @Test
  void duplicateTaskIdWithinTheCall() {
    AcceptResult result =
        launchOn(offer("o1", "cpus:2"), commandTask("t1", "cpus:1"), commandTask("t1", "cpus:1"));
    assertThat(ids(result.launched())).containsExactly("t1");
    assertThat(result.rejections()).containsExactly(taskError("t1", "Task has duplicate ID: t1"));
  }

  @Test
  void taskIdOfALiveTask() {
    AcceptResult result =
        validate(
            accept(List.of("o1"), launch(commandTask("t1", "cpus:1"))),
            framework(),
            Set.of(taskId("t1")),
            offer("o1", "cpus:2"));
    assertThat(result.launched()).isEmpty();
    assertThat(result.rejections()).containsExactly(taskError("t1", "Task has duplicate ID: t1"));
    assertThat(result.remaining()).isEqualTo(allocated("cpus:2", ROLE));
  }

  @Test
  void invalidTaskIds() {
    AcceptResult result =
        launchOn(
            offer("o1", "cpus:3"),
            commandTask("a/b", "cpus:1"),
            commandTask("..", "cpus:1"),
            commandTask("", "cpus:1"));
    assertThat(result.rejections())
        .containsExactly(
            taskError("a/b", "Task ID 'a/b' is invalid: 'a/b' contains invalid characters"),
            taskError("..", "Task ID '..' is invalid: '..' is disallowed"),
            taskError("", "Task ID '' is invalid: ID must not be empty"));
  }

  @Test
  void exactlyOneOfCommandOrExecutor() {
    String message =
        " should have at least one (but not both) of CommandInfo or ExecutorInfo present";
    AcceptResult result =
        launchOn(
            offer("o1", "cpus:3"),
            commandTask("neither", "cpus:1").clearCommand(),
            commandTask("both", "cpus:1").setExecutor(executor("e", "cpus:0.1")),
            commandTask("custom", "cpus:1").clearCommand().setExecutor(executor("e", "cpus:0.1")));
    assertThat(result.rejections())
        .containsExactly(
            taskError("neither", "Task neither" + message), taskError("both", "Task both" + message));
    assertThat(ids(result.launched())).containsExactly("custom");
  }

  @Test
  void taskOnAnotherAgent() {
    AcceptResult result =
        launchOn(offer("o1", "cpus:1"), commandTask("t1", "cpus:1").setAgentId(agent("agent-9")));
    assertThat(result.rejections())
        .containsExactly(
            new TaskRejection(
                taskId("t1"),
                agent("agent-9"),
                TaskState.TASK_ERROR,
                Reason.REASON_TASK_INVALID,
                "Task t1 uses agent agent-9 but the offers are on agent agent-1"));
  }

  @Test
  void taskWithoutResources() {
    AcceptResult result = launchOn(offer("o1", "cpus:1"), commandTask("t1", "").clearResources());
    assertThat(result.rejections()).containsExactly(taskError("t1", "Task t1 uses no resources"));
  }

  @Test
  void taskWithInvalidResource() {
    Resource negative =
        Resource.newBuilder()
            .setName("cpus")
            .setType(Value.Type.SCALAR)
            .setScalar(Value.Scalar.newBuilder().setValue(-1))
            .build();
    AcceptResult result =
        launchOn(offer("o1", "cpus:1"), commandTask("t1", "mem:1").addResources(negative));
    assertThat(result.rejections())
        .containsExactly(
            taskError(
                "t1",
                "Task t1 uses an invalid resource: invalid resource 'cpus': scalar -1.0 is not a"
                    + " finite value >= 0"));
  }

  @Test
  void executorOfAnotherFramework() {
    AcceptResult result =
        launchOn(
            offer("o1", "cpus:2"),
            commandTask("t1", "cpus:1")
                .clearCommand()
                .setExecutor(executor("e", "cpus:0.1").setFrameworkId(fw("fw-2"))));
    assertThat(result.rejections())
        .containsExactly(
            taskError(
                "t1",
                "ExecutorInfo of task t1 has an invalid FrameworkID (Actual: fw-2 vs Expected:"
                    + " fw-1)"));
  }

  @Test
  void executorWithInvalidId() {
    AcceptResult result =
        launchOn(
            offer("o1", "cpus:2"),
            commandTask("t1", "cpus:1").clearCommand().setExecutor(executor("e/1", "cpus:0.1")));
    assertThat(result.rejections())
        .containsExactly(
            taskError(
                "t1",
                "Executor ID 'e/1' of task t1 is invalid: 'e/1' contains invalid characters"));
  }

  @Test
  void newExecutorIsChargedOnceAndARunningOneNotAtAll() {
    Offer withRunningExecutor =
        offer("o1", "cpus:3;mem:256").toBuilder()
            .addExecutorIds(ExecutorID.newBuilder().setValue("running"))
            .build();
    AcceptResult result =
        launchOn(
            withRunningExecutor,
            commandTask("t1", "cpus:1").clearCommand().setExecutor(executor("e", "mem:32")),
            commandTask("t2", "cpus:1").clearCommand().setExecutor(executor("e", "mem:32")),
            commandTask("t3", "cpus:1").clearCommand().setExecutor(executor("running", "mem:32")));
    assertThat(ids(result.launched())).containsExactly("t1", "t2", "t3");
    assertThat(result.used()).isEqualTo(allocated("cpus:3;mem:32", ROLE));
    assertThat(result.remaining()).isEqualTo(allocated("mem:224", ROLE));
  }

  @Test
  void conflictingExecutorInfoWithinTheCall() {
    AcceptResult result =
        launchOn(
            offer("o1", "cpus:3;mem:256"),
            commandTask("t1", "cpus:1").clearCommand().setExecutor(executor("e", "mem:32")),
            commandTask("t2", "cpus:1").clearCommand().setExecutor(executor("e", "mem:64")));
    assertThat(ids(result.launched())).containsExactly("t1");
    assertThat(result.rejections())
        .containsExactly(
            taskError(
                "t2",
                "ExecutorInfo of task t2 differs from the one an earlier task in this call gave"
                    + " for executor e"));
  }

  @Test
  void executorResourcesCountTowardsTheOffer() {
    AcceptResult result =
        launchOn(
            offer("o1", "cpus:1;mem:64"),
            commandTask("t1", "cpus:1;mem:64").clearCommand().setExecutor(executor("e", "mem:32")));
    assertThat(result.rejections())
        .containsExactly(
            taskError(
                "t1",
                "Task t1 uses more resources than remain in the offers: needs cpus:1; mem:96,"
                    + " remaining cpus:1; mem:64, short of mem:32"));
  }

  @Test
  void otherOperationsAreRefusedAsNotSupported() {
    Offer.Operation reserve =
        Offer.Operation.newBuilder().setType(Offer.Operation.Type.RESERVE).build();
    Offer.Operation create =
        Offer.Operation.newBuilder().setType(Offer.Operation.Type.CREATE).build();
    Offer.Operation untyped = Offer.Operation.getDefaultInstance();
    AcceptResult result =
        validate(
            accept(List.of("o1"), reserve, create, untyped, launch(commandTask("t1", "cpus:1"))),
            offer("o1", "cpus:1"));
    assertThat(result.operations())
        .extracting(OperationOutcome::error)
        .containsExactly(
            Optional.of("Offer operation RESERVE is not supported yet"),
            Optional.of("Offer operation CREATE is not supported yet"),
            Optional.of("Offer operation has no known type"),
            Optional.empty());
    assertThat(ids(result.launched())).containsExactly("t1");
  }

  @Test
  void multiRoleTasksMustNameTheOffersRole() {
    Resource labelled = allocated("cpus:1", ROLE).toList().get(0);
    AcceptResult result =
        validate(
            accept(
                List.of("o1"),
                launch(
                    commandTask("unlabelled", "cpus:1"),
                    commandTask("labelled", "").clearResources().addResources(labelled))),
            framework(Capability.Type.MULTI_ROLE),
            Set.of(),
            offer("o1", "cpus:2"));
    assertThat(result.rejections())
        .containsExactly(
            taskError(
                "unlabelled",
                "Task unlabelled uses resource 'cpus' without 'allocation_info.role' = 'web', the"
                    + " role its offers were allocated to"));
    assertThat(ids(result.launched())).containsExactly("labelled");
    assertThat(result.remaining()).isEqualTo(allocated("cpus:1", ROLE));
  }

  @Test
  void emptyOfferLeavesEverythingRemaining() {
    AcceptResult result = validate(accept(List.of("o1")), offer("o1", "cpus:1;mem:8"));
    assertThat(result.operations()).isEmpty();
    assertThat(result.used()).isEqualTo(Resources.empty());
    assertThat(result.remaining()).isEqualTo(allocated("cpus:1;mem:8", ROLE));
  }
}
