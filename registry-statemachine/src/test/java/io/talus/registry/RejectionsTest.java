package io.talus.registry;

import static io.talus.registry.RegistryOps.ack;
import static io.talus.registry.RegistryOps.launch;
import static io.talus.registry.RegistryOps.status;
import static io.talus.registry.RegistryOps.task;
import static io.talus.registry.RegistryOps.uuid;
import static io.talus.protocol.registry.Rejected.Reason.AGENT_GONE;
import static io.talus.protocol.registry.Rejected.Reason.AGENT_NOT_ACTIVE;
import static io.talus.protocol.registry.Rejected.Reason.CLUSTER_ALREADY_INITIALIZED;
import static io.talus.protocol.registry.Rejected.Reason.DUPLICATE_TASK_ID;
import static io.talus.protocol.registry.Rejected.Reason.FRAMEWORK_NOT_ACTIVE;
import static io.talus.protocol.registry.Rejected.Reason.FRAMEWORK_REMOVED;
import static io.talus.protocol.registry.Rejected.Reason.INVALID_OP;
import static io.talus.protocol.registry.Rejected.Reason.TASK_ALREADY_TERMINAL;
import static io.talus.protocol.registry.Rejected.Reason.UNKNOWN_AGENT;
import static io.talus.protocol.registry.Rejected.Reason.UNKNOWN_FRAMEWORK;
import static io.talus.protocol.registry.Rejected.Reason.UNKNOWN_TASK;
import static io.talus.protocol.registry.Rejected.Reason.UUID_MISMATCH;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.mesos.v1.Protos.TaskState;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.Rejected;
import io.talus.storage.RecordDigest;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rejection rule, each checked against a {@link Scene}: the op gets the reason, and the
 * registry afterwards equals a twin scene that applied an empty entry at the same index (only the
 * applied index moved).
 */
class RejectionsTest {

  static Stream<Arguments> rejectedOps() {
    return Stream.of(
        rejects("second InitializeCluster", s -> RegistryOps.initialize("c2"), CLUSTER_ALREADY_INITIALIZED),
        rejects("op with no case set", s -> RegistryOps.noOpCase(), INVALID_OP),
        // agents
        rejects("RegisterAgent carrying an id", s -> RegistryOps.registerAgent(
            RegistryOps.agentInfo("x").toBuilder().setId(RegistryOps.agentId("x1")).build()), INVALID_OP),
        rejects("ReregisterAgent without an id", s -> RegistryOps.reregisterAgent(RegistryOps.agentInfo("x")), INVALID_OP),
        rejects("ReregisterAgent of a removed agent", s -> RegistryOps.reregisterAgent(s.gone, "gone.example.com"), AGENT_GONE),
        rejects("MarkAgentUnreachable of an unknown agent", s -> RegistryOps.markUnreachable("nope"), UNKNOWN_AGENT),
        rejects("MarkAgentUnreachable of a removed agent", s -> RegistryOps.markUnreachable(s.gone), AGENT_GONE),
        rejects("RemoveAgent of an unknown agent", s -> RegistryOps.removeAgent("nope", true), UNKNOWN_AGENT),
        // frameworks
        rejects("RegisterFramework carrying an id", s -> RegistryOps.registerFramework(
            RegistryOps.frameworkInfo("x").toBuilder().setId(RegistryOps.frameworkId("f")).build()), INVALID_OP),
        rejects("ReregisterFramework without an id", s -> RegistryOps.reregisterFramework(RegistryOps.frameworkInfo("x")), INVALID_OP),
        rejects("ReregisterFramework of a removed framework", s -> RegistryOps.reregisterFramework(s.removed, "chronos"), FRAMEWORK_REMOVED),
        rejects("DisconnectFramework of an unknown framework", s -> RegistryOps.disconnectFramework("nope", 1), UNKNOWN_FRAMEWORK),
        rejects("DisconnectFramework of a removed framework", s -> RegistryOps.disconnectFramework(s.removed, 1), FRAMEWORK_REMOVED),
        rejects("RemoveFramework of an unknown framework", s -> RegistryOps.removeFramework("nope"), UNKNOWN_FRAMEWORK),
        // launches
        rejects("launch by an unknown framework", s -> launch("nope", s.active, "t"), UNKNOWN_FRAMEWORK),
        rejects("launch by a removed framework", s -> launch(s.removed, s.active, "t"), FRAMEWORK_REMOVED),
        rejects("launch by a disconnected framework", s -> launch(s.disconnected, s.active, "t"), FRAMEWORK_NOT_ACTIVE),
        rejects("launch on an unknown agent", s -> launch(s.framework, "nope", "t"), UNKNOWN_AGENT),
        rejects("launch on an unreachable agent", s -> launch(s.framework, s.unreachable, "t"), AGENT_NOT_ACTIVE),
        rejects("launch on a removed agent", s -> launch(s.framework, s.gone, "t"), AGENT_GONE),
        rejects("launch without tasks", s -> launch(s.framework, s.active), INVALID_OP),
        rejects("launch with one id twice", s -> launch(s.framework, s.active, "t1", "t2", "t1"), DUPLICATE_TASK_ID),
        rejects("launch of a live task's id", s -> launch(s.framework, s.active, s.running), DUPLICATE_TASK_ID),
        rejects("launch of a task unreachable elsewhere", s -> launch(s.framework, s.active, s.lost), DUPLICATE_TASK_ID),
        rejects("launch of new tasks and then a duplicate (all or nothing)",
            s -> launch(s.framework, s.active, "new1", "new2", s.staging), DUPLICATE_TASK_ID),
        rejects("launch of a task naming another agent (all or nothing)",
            s -> launch(s.framework, s.active, List.of(task(s.active, "new1"), task(s.unreachable, "new2"))), INVALID_OP),
        // status updates
        rejects("status of an unknown task", s -> status(s.framework, s.active, "nope", TaskState.TASK_RUNNING, uuid(9)), UNKNOWN_TASK),
        rejects("status naming another framework", s -> status(s.disconnected, s.active, s.running, TaskState.TASK_RUNNING, uuid(9)), UNKNOWN_TASK),
        rejects("status from another agent", s -> status(s.framework, s.unreachable, s.running, TaskState.TASK_FINISHED, uuid(9)), INVALID_OP),
        rejects("status after a terminal one, new uuid", s -> status(s.framework, s.active, s.finished, TaskState.TASK_FAILED, uuid(9)), TASK_ALREADY_TERMINAL),
        rejects("status after a terminal one, same state, new uuid", s -> status(s.framework, s.active, s.finished, TaskState.TASK_FINISHED, uuid(9)), TASK_ALREADY_TERMINAL),
        rejects("status after a terminal one, no uuid", s -> status(s.framework, s.active, s.finished, TaskState.TASK_LOST, null), TASK_ALREADY_TERMINAL),
        // acknowledgements
        rejects("ack of an unknown task", s -> ack(s.framework, "nope", uuid(2)), UNKNOWN_TASK),
        rejects("ack with a wrong uuid", s -> ack(s.framework, s.running, uuid(99)), UUID_MISMATCH),
        rejects("ack of a status without uuid (STAGING)", s -> ack(s.framework, s.staging, uuid(2)), UUID_MISMATCH),
        rejects("ack of a status without uuid (UNREACHABLE)", s -> ack(s.framework, s.lost, uuid(4)), UUID_MISMATCH),
        rejects("ack of a terminal task with a wrong uuid", s -> ack(s.framework, s.finished, Scene.RUNNING_UUID), UUID_MISMATCH),
        // roles
        rejects("role without a name", s -> RegistryOps.updateRole("", 1), INVALID_OP),
        rejects("role weight zero", s -> RegistryOps.updateRole("web", 0), INVALID_OP),
        rejects("role weight negative", s -> RegistryOps.updateRole("web", -1), INVALID_OP),
        rejects("role weight NaN", s -> RegistryOps.updateRole("web", Double.NaN), INVALID_OP),
        rejects("role weight infinite", s -> RegistryOps.updateRole("web", Double.POSITIVE_INFINITY), INVALID_OP));
  }

  private static Arguments rejects(String name, Function<Scene, RegistryOp> op, Rejected.Reason reason) {
    return Arguments.of(name, op, reason);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejectedOps")
  void rejectedOpChangesNothingButTheAppliedIndex(String name, Function<Scene, RegistryOp> op, Rejected.Reason reason) {
    Scene scene = new Scene();
    Scene twin = new Scene();
    assertThat(scene.registry().contentDigest()).isEqualTo(twin.registry().contentDigest());

    OpResult result = scene.harness.apply(op.apply(scene));
    twin.harness.applyEmptyEntry();

    assertThat(result.hasRejected()).as("%s is rejected", name).isTrue();
    assertThat(result.getRejected().getReason()).isEqualTo(reason);
    assertThat(result.getRejected().getMessage()).isNotBlank();
    assertThat(RecordDigest.hex(scene.registry().contentDigest()))
        .isEqualTo(RecordDigest.hex(twin.registry().contentDigest()));
    assertThat(RegistryRecords.kinds(scene.registry().drainChanges())).containsExactly(RegistryRecords.APPLIED_KIND);
  }

  /** Sanity check of the comparison above: an accepted op does change the content. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedOps")
  void acceptedOpChangesTheContent(String name, Function<Scene, RegistryOp> op) {
    Scene scene = new Scene();
    Scene twin = new Scene();

    OpResult result = scene.harness.apply(op.apply(scene));
    twin.harness.applyEmptyEntry();

    assertThat(result.hasAccepted()).as("%s is accepted: %s", name, result).isTrue();
    assertThat(scene.registry().contentDigest()).isNotEqualTo(twin.registry().contentDigest());
  }

  static Stream<Arguments> acceptedOps() {
    return Stream.of(
        Arguments.of("launch", (Function<Scene, RegistryOp>) s -> launch(s.framework, s.active, "new")),
        Arguments.of("ack", (Function<Scene, RegistryOp>) s -> ack(s.framework, s.running, Scene.RUNNING_UUID)),
        Arguments.of("role", (Function<Scene, RegistryOp>) s -> RegistryOps.updateRole("web", 3)),
        Arguments.of("reregister unreachable agent", (Function<Scene, RegistryOp>) s -> RegistryOps.reregisterAgent(
            s.registry().agent(s.unreachable).orElseThrow().getInfo())));
  }
}
