package io.talus.agent.checkpoint;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.protocol.agent.CheckpointedAgent;
import io.talus.protocol.agent.CheckpointedExecutor;
import io.talus.protocol.agent.CheckpointedFramework;
import io.talus.protocol.agent.CheckpointedTask;
import io.talus.protocol.agent.CheckpointedUpdates;
import io.talus.storage.InMemoryKeyValueStore;
import io.talus.storage.KeyValueStore;
import io.talus.storage.Mutation;
import io.talus.storage.RocksDbKeyValueStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's checkpoint (Mesos's {@code meta/} tree, as records in one store): the agent, its
 * frameworks, executors and tasks, and each task's unacknowledged status updates.
 *
 * <p>Keys (see {@link CheckpointKeys}): {@code v} holds the schema version; {@code a} the agent;
 * {@code f<framework>}, {@code e<framework><executor>}, {@code t<framework><task>} and {@code
 * u<framework><task>} the rest. A store whose version this class does not know is refused at open,
 * as Nomad's client refuses a state DB of another schema: guessing at a layout would recover the
 * wrong tasks.
 *
 * <p>Not thread-safe: the agent's event loop owns it.
 */
public final class AgentCheckpoint implements AutoCloseable {

  /** The layout written by this class; bump it (and teach {@link #over} to upgrade) on change. */
  static final int SCHEMA_VERSION = 1;

  private final KeyValueStore store;
  private final String where;
  private boolean closed;

  private AgentCheckpoint(KeyValueStore store, String where) {
    this.store = store;
    this.where = where;
  }

  /** Opens (creating if missing) the RocksDB checkpoint in {@code dir}; every commit is fsynced. */
  public static AgentCheckpoint open(Path dir) throws IOException {
    RocksDbKeyValueStore store = RocksDbKeyValueStore.open(dir, true, true);
    try {
      return over(store, "agent checkpoint " + dir);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** A checkpoint that lives as long as the object: for tests. */
  public static AgentCheckpoint inMemory() {
    try {
      return over(new InMemoryKeyValueStore(), "in-memory agent checkpoint");
    } catch (IOException e) {
      throw new IllegalStateException("an empty in-memory store cannot fail", e);
    }
  }

  /**
   * A checkpoint over {@code store}, which it closes on {@link #close()}. An empty store is stamped
   * with the schema version; a store of another version, or with records and no version, is
   * refused (and left open for the caller to close).
   */
  public static AgentCheckpoint over(KeyValueStore store) throws IOException {
    return over(store, "agent checkpoint");
  }

  private static AgentCheckpoint over(KeyValueStore store, String where) throws IOException {
    Objects.requireNonNull(store, "store");
    byte[] version = store.get(CheckpointKeys.version());
    if (version == null) {
      boolean[] hasRecords = {false};
      store.forEach((key, value) -> hasRecords[0] = true);
      if (hasRecords[0]) {
        throw new IOException(
            where
                + " holds records but no schema version: it was not written by a Talus agent;"
                + " refusing to recover from it");
      }
      store.write(List.of(Mutation.put(CheckpointKeys.version(), versionBytes())));
    } else if (!Arrays.equals(version, versionBytes())) {
      throw new IOException(
          where
              + " has schema version '"
              + new String(version, StandardCharsets.UTF_8)
              + "' but this agent reads only version "
              + SCHEMA_VERSION
              + ": run an agent of the version that wrote it, or move the work dir aside to"
              + " start afresh (its tasks will not be recovered)");
    }
    return new AgentCheckpoint(store, where);
  }

  private static byte[] versionBytes() {
    return CheckpointKeys.utf8(Integer.toString(SCHEMA_VERSION));
  }

  /** All records, each list in key order: by framework id, then executor or task id. */
  public Recovered load() throws IOException {
    checkOpen();
    Loader loader = new Loader();
    store.forEach(loader::visit);
    return new Recovered(
        Optional.ofNullable(loader.agent),
        loader.frameworks,
        loader.executors,
        loader.tasks,
        loader.updates);
  }

  /** A new, empty group of changes. */
  public Batch batch() {
    checkOpen();
    return new Batch();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      store.close();
    } catch (IOException e) {
      throw new CheckpointException("cannot close " + where + ": " + e.getMessage(), e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(where + " is closed");
    }
  }

  /** What {@link #load()} found. */
  public record Recovered(
      Optional<CheckpointedAgent> agent,
      List<CheckpointedFramework> frameworks,
      List<CheckpointedExecutor> executors,
      List<CheckpointedTask> tasks,
      List<CheckpointedUpdates> updates) {

    public Recovered {
      frameworks = List.copyOf(frameworks);
      executors = List.copyOf(executors);
      tasks = List.copyOf(tasks);
      updates = List.copyOf(updates);
    }
  }

  /**
   * A group of changes, written atomically by {@link #commit()}; later changes to a record win over
   * earlier ones. After a commit the batch is empty and can be used again.
   */
  public final class Batch {

    private final List<Mutation> mutations = new ArrayList<>();

    private Batch() {}

    public Batch putAgent(CheckpointedAgent agent) {
      return put(CheckpointKeys.agent(), agent);
    }

    /** The framework's info must carry its id. */
    public Batch putFramework(CheckpointedFramework framework) {
      if (!framework.getFrameworkInfo().hasId()) {
        throw new IllegalArgumentException("a checkpointed framework needs its FrameworkInfo.id");
      }
      return put(CheckpointKeys.framework(framework.getFrameworkInfo().getId()), framework);
    }

    public Batch removeFramework(FrameworkID frameworkId) {
      return delete(CheckpointKeys.framework(frameworkId));
    }

    public Batch putExecutor(CheckpointedExecutor executor) {
      return put(
          CheckpointKeys.executor(
              executor.getFrameworkId(), executor.getExecutorInfo().getExecutorId()),
          executor);
    }

    public Batch removeExecutor(FrameworkID frameworkId, ExecutorID executorId) {
      return delete(CheckpointKeys.executor(frameworkId, executorId));
    }

    public Batch putTask(CheckpointedTask task) {
      return put(CheckpointKeys.task(task.getFrameworkId(), task.getTask().getTaskId()), task);
    }

    public Batch removeTask(FrameworkID frameworkId, TaskID taskId) {
      return delete(CheckpointKeys.task(frameworkId, taskId));
    }

    /** Writes the task's queue of updates; an empty {@code pending} list deletes the record. */
    public Batch putUpdates(CheckpointedUpdates updates) {
      byte[] key = CheckpointKeys.updates(updates.getFrameworkId(), updates.getTaskId());
      return updates.getPendingCount() == 0 ? delete(key) : put(key, updates);
    }

    public Batch removeUpdates(FrameworkID frameworkId, TaskID taskId) {
      return delete(CheckpointKeys.updates(frameworkId, taskId));
    }

    public boolean isEmpty() {
      return mutations.isEmpty();
    }

    /**
     * Writes every change of the batch in one atomic store write, or none of them.
     *
     * @throws CheckpointException when the store fails; the batch keeps its changes
     */
    public void commit() {
      checkOpen();
      if (mutations.isEmpty()) {
        return;
      }
      try {
        store.write(List.copyOf(mutations));
      } catch (IOException e) {
        throw new CheckpointException("cannot write " + where + ": " + e.getMessage(), e);
      }
      mutations.clear();
    }

    private Batch put(byte[] key, MessageLite record) {
      mutations.add(Mutation.put(key, record.toByteArray()));
      return this;
    }

    private Batch delete(byte[] key) {
      mutations.add(Mutation.delete(key));
      return this;
    }
  }

  /**
   * Parses records and checks that each sits under the key its own ids give: a mismatch or an
   * unknown kind means the store was damaged or written by other code, and recovering from it would
   * act on the wrong tasks.
   */
  private final class Loader {
    private CheckpointedAgent agent;
    private final List<CheckpointedFramework> frameworks = new ArrayList<>();
    private final List<CheckpointedExecutor> executors = new ArrayList<>();
    private final List<CheckpointedTask> tasks = new ArrayList<>();
    private final List<CheckpointedUpdates> updates = new ArrayList<>();

    void visit(byte[] key, byte[] value) throws IOException {
      byte kind = key.length == 0 ? 0 : key[0];
      try {
        switch (kind) {
          case CheckpointKeys.VERSION -> check(key, CheckpointKeys.version());
          case CheckpointKeys.AGENT -> {
            agent = CheckpointedAgent.parseFrom(value);
            check(key, CheckpointKeys.agent());
          }
          case CheckpointKeys.FRAMEWORK -> {
            CheckpointedFramework f = CheckpointedFramework.parseFrom(value);
            check(key, CheckpointKeys.framework(f.getFrameworkInfo().getId()));
            frameworks.add(f);
          }
          case CheckpointKeys.EXECUTOR -> {
            CheckpointedExecutor e = CheckpointedExecutor.parseFrom(value);
            check(
                key,
                CheckpointKeys.executor(e.getFrameworkId(), e.getExecutorInfo().getExecutorId()));
            executors.add(e);
          }
          case CheckpointKeys.TASK -> {
            CheckpointedTask t = CheckpointedTask.parseFrom(value);
            check(key, CheckpointKeys.task(t.getFrameworkId(), t.getTask().getTaskId()));
            tasks.add(t);
          }
          case CheckpointKeys.UPDATES -> {
            CheckpointedUpdates u = CheckpointedUpdates.parseFrom(value);
            check(key, CheckpointKeys.updates(u.getFrameworkId(), u.getTaskId()));
            updates.add(u);
          }
          default -> throw new IOException(
              where
                  + " holds a record of unknown kind under key '"
                  + CheckpointKeys.describe(key)
                  + "' (schema version "
                  + SCHEMA_VERSION
                  + ")");
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IOException(
            where
                + ": cannot parse the record under key '"
                + CheckpointKeys.describe(key)
                + "': "
                + e.getMessage(),
            e);
      }
    }

    private void check(byte[] key, byte[] expected) throws IOException {
      if (!Arrays.equals(key, expected)) {
        throw new IOException(
            where
                + " is damaged: the record under key '"
                + CheckpointKeys.describe(key)
                + "' belongs under '"
                + CheckpointKeys.describe(expected)
                + "'");
      }
    }
  }
}
