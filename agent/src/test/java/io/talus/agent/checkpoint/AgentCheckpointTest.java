package io.talus.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.talus.agent.checkpoint.AgentCheckpoint.Recovered;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.agent.CheckpointedAgent;
import io.talus.protocol.agent.CheckpointedExecutor;
import io.talus.protocol.agent.CheckpointedFramework;
import io.talus.protocol.agent.CheckpointedTask;
import io.talus.protocol.agent.CheckpointedUpdates;
import io.talus.protocol.agent.ProcessRecord;
import io.talus.storage.InMemoryKeyValueStore;
import io.talus.storage.KeyValueStore;
import io.talus.storage.Mutation;
import io.talus.storage.RecordVisitor;
import io.talus.storage.RocksDbKeyValueStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCheckpointTest {

  private static final FrameworkID F1 = frameworkId("f1");
  private static final FrameworkID F2 = frameworkId("f2");

  @TempDir Path tmp;

  @Test
  void everyKindRoundTrips() throws IOException {
    try (AgentCheckpoint checkpoint = AgentCheckpoint.inMemory()) {
      checkpoint.batch()
          .putAgent(agent("a1"))
          .putFramework(framework(F1))
          .putExecutor(executor(F1, "e1"))
          .putTask(task(F1, "e1", "t1"))
          .putUpdates(updates(F1, "t1", TaskState.TASK_RUNNING, TaskState.TASK_FINISHED))
          .commit();

      Recovered recovered = checkpoint.load();

      assertThat(recovered.agent()).contains(agent("a1"));
      assertThat(recovered.frameworks()).containsExactly(framework(F1));
      assertThat(recovered.executors()).containsExactly(executor(F1, "e1"));
      assertThat(recovered.tasks()).containsExactly(task(F1, "e1", "t1"));
      assertThat(recovered.updates())
          .containsExactly(
              updates(F1, "t1", TaskState.TASK_RUNNING, TaskState.TASK_FINISHED));
    }
  }

  @Test
  void anEmptyCheckpointLoadsEmpty() throws IOException {
    try (AgentCheckpoint checkpoint = AgentCheckpoint.inMemory()) {
      assertThat(checkpoint.load())
          .isEqualTo(new Recovered(Optional.empty(), List.of(), List.of(), List.of(), List.of()));
    }
  }

  @Test
  void recordsOfEveryKindCanBeRemoved() throws IOException {
    try (AgentCheckpoint checkpoint = AgentCheckpoint.inMemory()) {
      checkpoint.batch()
          .putFramework(framework(F1))
          .putFramework(framework(F2))
          .putExecutor(executor(F1, "e1"))
          .putExecutor(executor(F2, "e1"))
          .putTask(task(F1, "e1", "t1"))
          .putTask(task(F2, "e1", "t1"))
          .putUpdates(updates(F1, "t1", TaskState.TASK_RUNNING))
          .putUpdates(updates(F2, "t1", TaskState.TASK_RUNNING))
          .commit();

      checkpoint.batch()
          .removeFramework(F1)
          .removeExecutor(F1, executorId("e1"))
          .removeTask(F1, taskId("t1"))
          .removeUpdates(F1, taskId("t1"))
          .commit();

      Recovered recovered = checkpoint.load();
      assertThat(recovered.frameworks()).containsExactly(framework(F2));
      assertThat(recovered.executors()).containsExactly(executor(F2, "e1"));
      assertThat(recovered.tasks()).containsExactly(task(F2, "e1", "t1"));
      assertThat(recovered.updates()).containsExactly(updates(F2, "t1", TaskState.TASK_RUNNING));
    }
  }

  @Test
  void anEmptyPendingListDeletesTheUpdatesRecord() throws IOException {
    try (AgentCheckpoint checkpoint = AgentCheckpoint.inMemory()) {
      checkpoint.batch().putUpdates(updates(F1, "t1", TaskState.TASK_RUNNING)).commit();
      checkpoint.batch().putUpdates(updates(F1, "t1")).commit();

      assertThat(checkpoint.load().updates()).isEmpty();
    }
  }

  @Test
  void theLastChangeToARecordInABatchWins() throws IOException {
    try (AgentCheckpoint checkpoint = AgentCheckpoint.inMemory()) {
      checkpoint.batch()
          .putTask(task(F1, "e1", "t1"))
          .removeTask(F1, taskId("t1"))
          .putAgent(agent("old"))
          .putAgent(agent("new"))
          .commit();

      Recovered recovered = checkpoint.load();
      assertThat(recovered.tasks()).isEmpty();
      assertThat(recovered.agent()).contains(agent("new"));
    }
  }

  @Test
  void loadReturnsRecordsInKeyOrderThatIsIdOrder() throws IOException {
    try (AgentCheckpoint checkpoint = AgentCheckpoint.inMemory()) {
      checkpoint.batch()
          .putFramework(framework(frameworkId("b")))
          .putFramework(framework(frameworkId("a\0")))
          .putFramework(framework(frameworkId("ab")))
          .putFramework(framework(frameworkId("a")))
          .putTask(task(F2, "e", "t1"))
          .putTask(task(F1, "e", "t2"))
          .putTask(task(F1, "e", "t1"))
          .commit();

      Recovered recovered = checkpoint.load();
      assertThat(recovered.frameworks())
          .extracting(f -> f.getFrameworkInfo().getId().getValue())
          .containsExactly("a", "a\0", "ab", "b");
      assertThat(recovered.tasks())
          .extracting(t -> t.getFrameworkId().getValue() + "/" + t.getTask().getTaskId().getValue())
          .containsExactly("f1/t1", "f1/t2", "f2/t1");
    }
  }

  @Test
  void aBatchIsOneAtomicStoreWrite() throws IOException {
    RecordingStore store = new RecordingStore();
    try (AgentCheckpoint checkpoint = AgentCheckpoint.over(store)) {
      AgentCheckpoint.Batch batch = checkpoint.batch()
          .putFramework(framework(F1))
          .putExecutor(executor(F1, "e1"))
          .putTask(task(F1, "e1", "t1"));
      assertThat(batch.isEmpty()).isFalse();

      batch.commit();

      assertThat(store.writes).hasSize(2); // the version stamp, then the batch
      assertThat(store.writes.get(1)).hasSize(3);
      assertThat(batch.isEmpty()).isTrue();
    }
  }

  @Test
  void aBatchThatFailsWritesNothingAndKeepsItsChanges() throws IOException {
    RecordingStore store = new RecordingStore();
    try (AgentCheckpoint checkpoint = AgentCheckpoint.over(store)) {
      checkpoint.batch().putFramework(framework(F1)).commit();
      AgentCheckpoint.Batch batch = checkpoint.batch()
          .putAgent(agent("a1"))
          .removeFramework(F1)
          .putExecutor(executor(F1, "e1"))
          .putTask(task(F1, "e1", "t1"))
          .putUpdates(updates(F1, "t1", TaskState.TASK_RUNNING));
      store.failWrites = true;

      assertThatThrownBy(batch::commit)
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("disk on fire");

      Recovered recovered = checkpoint.load();
      assertThat(recovered.agent()).isEmpty();
      assertThat(recovered.frameworks()).containsExactly(framework(F1));
      assertThat(recovered.executors()).isEmpty();
      assertThat(recovered.tasks()).isEmpty();
      assertThat(recovered.updates()).isEmpty();

      store.failWrites = false;
      batch.commit();
      assertThat(checkpoint.load().tasks()).containsExactly(task(F1, "e1", "t1"));
    }
  }

  @Test
  void aRocksDbCheckpointSurvivesReopening() throws IOException {
    Path dir = tmp.resolve("checkpoint");
    try (AgentCheckpoint checkpoint = AgentCheckpoint.open(dir)) {
      checkpoint.batch()
          .putAgent(agent("a1"))
          .putFramework(framework(F1))
          .putExecutor(executor(F1, "e1"))
          .putTask(task(F1, "e1", "t1"))
          .putTask(task(F1, "e1", "t2"))
          .putUpdates(updates(F1, "t1", TaskState.TASK_RUNNING))
          .commit();
      checkpoint.batch().removeTask(F1, taskId("t2")).commit();
    }

    try (AgentCheckpoint checkpoint = AgentCheckpoint.open(dir)) {
      Recovered recovered = checkpoint.load();
      assertThat(recovered.agent()).contains(agent("a1"));
      assertThat(recovered.frameworks()).containsExactly(framework(F1));
      assertThat(recovered.executors()).containsExactly(executor(F1, "e1"));
      assertThat(recovered.tasks()).containsExactly(task(F1, "e1", "t1"));
      assertThat(recovered.updates()).containsExactly(updates(F1, "t1", TaskState.TASK_RUNNING));
    }
  }

  @Test
  void anUnknownSchemaVersionIsRefused() throws IOException {
    Path dir = tmp.resolve("checkpoint");
    try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir, true)) {
      store.write(List.of(Mutation.put(bytes("v"), bytes("2"))));
    }

    assertThatThrownBy(() -> AgentCheckpoint.open(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("schema version '2'")
        .hasMessageContaining("reads only version 1");
    // The refused store was closed: RocksDB's lock is free again.
    try (RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir, true)) {
      assertThat(store.get(bytes("v"))).isEqualTo(bytes("2"));
    }
  }

  @Test
  void aStoreWithRecordsButNoVersionIsRefused() throws IOException {
    InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    store.write(List.of(Mutation.put(bytes("fsomething"), bytes("x"))));

    assertThatThrownBy(() -> AgentCheckpoint.over(store))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no schema version");
  }

  @Test
  void anEmptyStoreIsStampedWithTheVersion() throws IOException {
    InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    AgentCheckpoint.over(store).close();

    assertThat(store.get(bytes("v"))).isEqualTo(bytes("1"));
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void idsWithAnyCharactersDoNotCollide() throws IOException {
    List<String[]> pairs = List.of(
        new String[] {"a", "b/c"},
        new String[] {"a/b", "c"},
        new String[] {"a\0b", "c"},
        new String[] {"a", "b\0c"},
        new String[] {"a\0", "\0"},
        new String[] {"a", "\0\0"},
        new String[] {"", "a"},
        new String[] {"a", ""},
        new String[] {"\u00ff\u0001", "\uffff"},
        new String[] {"日本", "task\n\t\u0001"});
    try (AgentCheckpoint checkpoint = AgentCheckpoint.inMemory()) {
      AgentCheckpoint.Batch batch = checkpoint.batch();
      for (String[] pair : pairs) {
        batch.putFramework(framework(frameworkId(pair[0])));
        batch.putExecutor(executor(frameworkId(pair[0]), pair[1]));
        batch.putTask(task(frameworkId(pair[0]), pair[1], pair[1]));
        batch.putUpdates(updates(frameworkId(pair[0]), pair[1], TaskState.TASK_RUNNING));
      }
      batch.commit();

      Recovered recovered = checkpoint.load();
      assertThat(recovered.executors()).hasSize(pairs.size());
      assertThat(recovered.tasks()).hasSize(pairs.size());
      assertThat(recovered.updates()).hasSize(pairs.size());
      assertThat(recovered.frameworks()).hasSize(pairs.size() - 3); // "a" is the framework of four

      checkpoint.batch().removeTask(frameworkId("a"), taskId("b/c")).commit();
      assertThat(checkpoint.load().tasks())
          .extracting(
              t -> List.of(t.getFrameworkId().getValue(), t.getTask().getTaskId().getValue()))
          .hasSize(pairs.size() - 1)
          .doesNotContain(List.of("a", "b/c"))
          .contains(List.of("a/b", "c"));
    }
  }

  @Test
  void aRecordUnderAnotherRecordsKeyIsRefused() throws IOException {
    InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    AgentCheckpoint checkpoint = AgentCheckpoint.over(store);
    checkpoint.batch().putTask(task(F1, "e1", "t1")).commit();
    byte[] value = store.get(CheckpointKeys.task(F1, taskId("t1")));
    store.write(List.of(Mutation.put(CheckpointKeys.task(F1, taskId("t2")), value)));

    assertThatThrownBy(checkpoint::load)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("damaged")
        .hasMessageContaining("tf1\\x00\\x01t2\\x00\\x01");
  }

  @Test
  void aRecordOfUnknownKindIsRefused() throws IOException {
    InMemoryKeyValueStore store = new InMemoryKeyValueStore();
    AgentCheckpoint checkpoint = AgentCheckpoint.over(store);
    store.write(List.of(Mutation.put(bytes("zz"), bytes("?"))));

    assertThatThrownBy(checkpoint::load)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown kind under key 'zz'");
  }

  @Test
  void aFrameworkWithoutAnIdIsRefused() {
    try (AgentCheckpoint checkpoint = AgentCheckpoint.inMemory()) {
      CheckpointedFramework noId = CheckpointedFramework.newBuilder()
          .setFrameworkInfo(FrameworkInfo.newBuilder().setUser("u").setName("n"))
          .build();

      assertThatThrownBy(() -> checkpoint.batch().putFramework(noId))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aClosedCheckpointRefusesUse() {
    AgentCheckpoint checkpoint = AgentCheckpoint.inMemory();
    AgentCheckpoint.Batch batch = checkpoint.batch().putAgent(agent("a1"));
    checkpoint.close();
    checkpoint.close();

    assertThatThrownBy(batch::commit).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(checkpoint::load).isInstanceOf(IllegalStateException.class);
  }

  // ---- fixtures --------------------------------------------------------------------------------

  /** An in-memory store that records each write and can be told to fail them. */
  private static final class RecordingStore implements KeyValueStore {
    final InMemoryKeyValueStore delegate = new InMemoryKeyValueStore();
    final List<List<Mutation>> writes = new ArrayList<>();
    boolean failWrites;

    @Override
    public void write(List<Mutation> mutations) throws IOException {
      if (failWrites) {
        throw new IOException("disk on fire");
      }
      writes.add(List.copyOf(mutations));
      delegate.write(mutations);
    }

    @Override
    public byte[] get(byte[] key) {
      return delegate.get(key);
    }

    @Override
    public void forEach(RecordVisitor visitor) throws IOException {
      delegate.forEach(visitor);
    }

    @Override
    public void close() {}
  }

  static FrameworkID frameworkId(String value) {
    return FrameworkID.newBuilder().setValue(value).build();
  }

  static ExecutorID executorId(String value) {
    return ExecutorID.newBuilder().setValue(value).build();
  }

  static TaskID taskId(String value) {
    return TaskID.newBuilder().setValue(value).build();
  }

  static CheckpointedAgent agent(String id) {
    return CheckpointedAgent.newBuilder()
        .setAgentInfo(
            AgentInfo.newBuilder()
                .setHostname("host-" + id)
                .setId(AgentID.newBuilder().setValue(id)))
        .setBootId("boot-1")
        .build();
  }

  static CheckpointedFramework framework(FrameworkID id) {
    return CheckpointedFramework.newBuilder()
        .setFrameworkInfo(FrameworkInfo.newBuilder().setId(id).setUser("root").setName("marathon"))
        .build();
  }

  static CheckpointedExecutor executor(FrameworkID frameworkId, String executorId) {
    return CheckpointedExecutor.newBuilder()
        .setFrameworkId(frameworkId)
        .setExecutorInfo(ExecutorInfo.newBuilder().setExecutorId(executorId(executorId)))
        .setContainerId("c-" + executorId)
        .setKind(CheckpointedExecutor.Kind.CUSTOM)
        .setDirectory("/var/lib/talus/slaves/S0/runs/c-" + executorId)
        .setProcess(ProcessRecord.newBuilder().setPid(4242).setStartTicks(99))
        .build();
  }

  static CheckpointedTask task(FrameworkID frameworkId, String executorId, String taskId) {
    return CheckpointedTask.newBuilder()
        .setFrameworkId(frameworkId)
        .setExecutorId(executorId(executorId))
        .setTask(
            TaskInfo.newBuilder()
                .setName("task " + taskId)
                .setTaskId(taskId(taskId))
                .setAgentId(AgentID.newBuilder().setValue("S0")))
        .setLatestStatus(status(taskId, TaskState.TASK_STAGING, 0))
        .build();
  }

  static CheckpointedUpdates updates(FrameworkID frameworkId, String taskId, TaskState... states) {
    CheckpointedUpdates.Builder updates =
        CheckpointedUpdates.newBuilder().setFrameworkId(frameworkId).setTaskId(taskId(taskId));
    for (int i = 0; i < states.length; i++) {
      updates.addPending(status(taskId, states[i], i + 1));
    }
    return updates.build();
  }

  static TaskStatus status(String taskId, TaskState state, int n) {
    byte[] uuid = new byte[16];
    uuid[15] = (byte) n;
    return TaskStatus.newBuilder()
        .setTaskId(taskId(taskId))
        .setState(state)
        .setUuid(ByteString.copyFrom(uuid))
        .build();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
