package io.talus.registry;

import static io.talus.registry.RegistryOps.launch;
import static io.talus.registry.RegistryOps.markUnreachable;
import static io.talus.registry.RegistryOps.removeAgent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talus.mesos.v1.Protos.TaskState;
import io.talus.protocol.registry.GeneratedUpdate;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegistryBatch;
import io.talus.protocol.registry.RegistryOp;
import io.talus.storage.InMemoryKeyValueStore;
import io.talus.storage.Mutation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Updates that agent ops generate for the leader to forward, and the log-order guard. */
class GeneratedUpdatesTest {

  @Test
  void removingAnAgentReturnsTheUpdatesOfTheTasksItRetires() {
    Scene scene = new Scene();
    OpResult result = scene.harness.accept(removeAgent(scene.active, true));

    // "finished" is terminal already (awaiting its ack): it gets no update.
    assertThat(result.getAccepted().getUpdatesList())
        .extracting(u -> u.getStatus().getTaskId().getValue())
        .containsExactly("running", "staging");
    assertThat(result.getAccepted().getUpdatesList()).allSatisfy(u -> {
      assertThat(u.getFrameworkId().getValue()).isEqualTo(scene.framework);
      assertThat(u.getStatus().getState()).isEqualTo(TaskState.TASK_GONE_BY_OPERATOR);
      assertThat(u.getStatus().hasUuid()).isFalse();
    });
    assertThat(scene.registry().task(scene.framework, "running")).isEmpty();
  }

  @Test
  void updatesComeInTaskKeyOrderEvenOnAReplicaRestoredFromASnapshot() throws Exception {
    RegistryHarness original = new RegistryHarness();
    original.initialize("c1");
    String agent = original.registerAgent("a");
    String framework = original.registerFramework("f");
    // Launched in an order unlike key order.
    original.accept(launch(framework, agent, "t3"));
    original.accept(launch(framework, agent, "t1", "t2"));

    InMemoryKeyValueStore snapshot = new InMemoryKeyValueStore();
    original.registry().forEachRecord((k, v) -> snapshot.write(List.of(Mutation.put(k, v))));
    RegistryHarness restored = new RegistryHarness(Registry.restore(snapshot));

    RegistryOp op = markUnreachable(agent).toBuilder().setTimeNanos(RegistryHarness.START_NANOS + 99).build();
    List<GeneratedUpdate> fromOriginal = original.accept(op).getAccepted().getUpdatesList();
    List<GeneratedUpdate> fromRestored = restored.accept(op).getAccepted().getUpdatesList();
    assertThat(fromOriginal).extracting(u -> u.getStatus().getTaskId().getValue()).containsExactly("t1", "t2", "t3");
    assertThat(fromRestored).isEqualTo(fromOriginal);
    assertThat(restored.registry().contentDigest()).isEqualTo(original.registry().contentDigest());
  }

  @Test
  void anEntryAtOrBelowTheAppliedIndexIsRefused() {
    Registry registry = new Registry();
    registry.applyEntry(1, 5, RegistryBatch.getDefaultInstance());
    assertThatThrownBy(() -> registry.applyEntry(1, 5, RegistryBatch.getDefaultInstance()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("not after the last applied entry 5");
    assertThatThrownBy(() -> registry.applyEntry(1, 4, RegistryBatch.getDefaultInstance()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(registry.applied().getIndex()).isEqualTo(5);
  }
}
