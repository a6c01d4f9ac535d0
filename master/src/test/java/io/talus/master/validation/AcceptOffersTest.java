package io.talus.master.validation;

import static io.talus.master.validation.Fixtures.AGENT;
import static io.talus.master.validation.Fixtures.FW;
import static io.talus.master.validation.Fixtures.ROLE;
import static io.talus.master.validation.Fixtures.accept;
import static io.talus.master.validation.Fixtures.agent;
import static io.talus.master.validation.Fixtures.allocated;
import static io.talus.master.validation.Fixtures.commandTask;
import static io.talus.master.validation.Fixtures.executor;
import static io.talus.master.validation.Fixtures.framework;
import static io.talus.master.validation.Fixtures.fw;
import static io.talus.master.validation.Fixtures.launch;
import static io.talus.master.validation.Fixtures.launchGroup;
import static io.talus.master.validation.Fixtures.offer;
import static io.talus.master.validation.Fixtures.taskId;
import static io.talus.master.validation.Fixtures.validate;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo.Capability;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.Protos.TaskStatus.Reason;
import io.talus.protocol.resources.Resources;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The whole-call offer rules of ACCEPT, and how they fail every task. */
class AcceptOffersTest {

  private static final Offer O1 = offer("o1", "cpus:1;mem:128");
  private static final Offer O2 = offer("o2", "cpus:2;mem:256");

  private static Optional<String> offersError(List<String> ids, Offer... known) {
    return validate(accept(ids, launch(commandTask("t1", "cpus:1"))), known).offersError();
  }

  @Test
  void noOffers() {
    assertThat(offersError(List.of(), O1)).contains("No offers specified");
  }

  @Test
  void duplicateOfferIds() {
    assertThat(offersError(List.of("o1", "o2", "o1"), O1, O2))
        .contains("Duplicate offer o1 in offer list");
  }

  @Test
  void unknownUsedOrRescindedOffer() {
    assertThat(offersError(List.of("o1", "gone"), O1)).contains("Offer gone is no longer valid");
  }

  @Test
  void offerOfAnotherFramework() {
    Offer theirs = offer("o3", fw("fw-2"), AGENT, "cpus:1");
    assertThat(offersError(List.of("o1", "o3"), O1, theirs))
        .contains("Offer o3 has invalid framework fw-2 while framework fw-1 is expected");
  }

  @Test
  void offersFromDifferentAgents() {
    Offer elsewhere = offer("o4", FW, agent("agent-2"), "cpus:1");
    assertThat(offersError(List.of("o1", "o4"), O1, elsewhere))
        .contains(
            "Aggregated offers must belong to one single agent. Offer o1 uses agent agent-1 and"
                + " offer o4 uses agent agent-2");
  }

  @Test
  void offersAllocatedToDifferentRoles() {
    Offer otherRole =
        O2.toBuilder()
            .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("batch"))
            .clearResources()
            .addAllResources(allocated("cpus:2", "batch"))
            .build();
    assertThat(offersError(List.of("o1", "o2"), O1, otherRole))
        .contains(
            "Aggregated offers must be allocated to the same role. Offer o1 uses role 'web' and"
                + " offer o2 uses role 'batch'");
  }

  @Test
  void invalidOffersLoseEveryTaskForPlainFrameworks() {
    AcceptResult result =
        validate(
            accept(
                List.of("o1", "gone"),
                launch(commandTask("t1", "cpus:1"), commandTask("t2", "cpus:1")),
                launchGroup(
                    executor("e", "cpus:0.1").setType(ExecutorInfo.Type.DEFAULT),
                    commandTask("g1", "cpus:1").clearCommand())),
            O1);
    String message = "Task launched with invalid offers: Offer gone is no longer valid";
    assertThat(result.rejections())
        .containsExactly(
            new TaskRejection(
                taskId("t1"), AGENT, TaskState.TASK_LOST, Reason.REASON_INVALID_OFFERS, message),
            new TaskRejection(
                taskId("t2"), AGENT, TaskState.TASK_LOST, Reason.REASON_INVALID_OFFERS, message),
            new TaskRejection(
                taskId("g1"), AGENT, TaskState.TASK_LOST, Reason.REASON_INVALID_OFFERS, message));
    assertThat(result.launched()).isEmpty();
    assertThat(result.operations())
        .allSatisfy(o -> assertThat(o.error()).contains("Offer gone is no longer valid"));
    // The offer that did exist is used up and its resources go back to the allocator.
    assertThat(result.offers()).containsExactly(O1);
    assertThat(result.used()).isEqualTo(Resources.empty());
    assertThat(result.remaining()).isEqualTo(allocated("cpus:1;mem:128", ROLE));
  }

  @Test
  void invalidOffersDropTasksOfPartitionAwareFrameworks() {
    AcceptResult result =
        validate(
            accept(List.of("gone"), launch(commandTask("t1", "cpus:1"))),
            framework(Capability.Type.PARTITION_AWARE),
            Set.of());
    assertThat(result.rejections())
        .containsExactly(
            new TaskRejection(
                taskId("t1"),
                AGENT,
                TaskState.TASK_DROPPED,
                Reason.REASON_INVALID_OFFERS,
                "Task launched with invalid offers: Offer gone is no longer valid"));
    assertThat(result.offers()).isEmpty();
    assertThat(result.agentId()).isEmpty();
    assertThat(result.remaining()).isEqualTo(Resources.empty());
  }

  @Test
  void anotherFrameworksOfferIsNotReturnedAsOurs() {
    Offer theirs = offer("o3", fw("fw-2"), AGENT, "cpus:1");
    AcceptResult result = validate(accept(List.of("o1", "o3")), O1, theirs);
    assertThat(result.offers()).containsExactly(O1);
    assertThat(result.offered()).isEqualTo(allocated("cpus:1;mem:128", ROLE));
  }

  @Test
  void rejectionBecomesAMasterStatusUpdate() {
    TaskRejection rejection =
        new TaskRejection(
            taskId("t1"), AGENT, TaskState.TASK_ERROR, Reason.REASON_TASK_INVALID, "why");
    TaskStatus status = rejection.toStatus().build();
    assertThat(status.getTaskId()).isEqualTo(taskId("t1"));
    assertThat(status.getAgentId()).isEqualTo(AGENT);
    assertThat(status.getState()).isEqualTo(TaskState.TASK_ERROR);
    assertThat(status.getReason()).isEqualTo(Reason.REASON_TASK_INVALID);
    assertThat(status.getMessage()).isEqualTo("why");
    assertThat(status.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
    assertThat(status.hasUuid()).isFalse();
  }
}
