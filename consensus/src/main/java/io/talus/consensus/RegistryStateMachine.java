package io.talus.consensus;

import com.google.protobuf.InvalidProtocolBufferException;
import io.talus.protocol.registry.RegistryBatch;
import io.talus.protocol.registry.RegistryBatchResult;
import io.talus.protocol.registry.RegistryQuery;
import io.talus.protocol.registry.RegistryStatus;
import io.talus.storage.RocksDbKeyValueStore;
import io.talus.storage.Snapshot;
import io.talus.storage.SnapshotStore;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry as a Ratis state machine.
 *
 * <p>Each log entry is a {@link RegistryBatch}; applying it runs {@link Registry#applyEntry} and writes
 * the changed records to the live RocksDB store, under one lock with the applied index, so a snapshot
 * (built from a point-in-time view of the live store) always matches the index it is named after. Start-up and snapshot
 * install take the same path: load the latest snapshot, then Ratis replays what follows.
 */
public final class RegistryStateMachine extends BaseStateMachine {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryStateMachine.class);

  private final RegistryStorage storage = new RegistryStorage();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<LeadershipListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong snapshotInstalls = new AtomicLong();
  private final FatalErrorHandler fatal;
  private volatile String peerId = "?";
  private volatile LeaderInfo leader = LeaderInfo.NONE;
  private io.talus.registry.Registry registry = new io.talus.registry.Registry();
  private RocksDbKeyValueStore live;
  /** Writes snapshots off the apply thread; see {@link #takeSnapshot()}. */
  private final ExecutorService snapshotWriter;
  private Future<?> pendingSnapshot;
  /** The newest snapshot written to disk, and the newest reported to Ratis (which purges up to it). */
  private volatile long completedSnapshotIndex = RaftLog.INVALID_LOG_INDEX;
  private long reportedSnapshotIndex = RaftLog.INVALID_LOG_INDEX;

  public RegistryStateMachine(FatalErrorHandler fatal) {
    this.fatal = fatal;
    this.snapshotWriter = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "registry-snapshot-writer");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    super.initialize(server, groupId, raftStorage);
    peerId = server.getId().toString();
    getLifeCycle().startAndTransition(() -> {
      storage.init(raftStorage);
      loadLatestSnapshot();
    });
  }

  /** Ratis pauses the state machine right before it swaps in a snapshot installed from the leader. */
  @Override
  public void pause() {
    // The install replaces the snapshot directory: no snapshot may be half-written in it.
    awaitSnapshotWriter();
    if (getLifeCycleState() == LifeCycle.State.RUNNING) {
      getLifeCycle().transition(LifeCycle.State.PAUSING);
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  @Override
  public void reinitialize() throws IOException {
    // The snapshot directory now holds the snapshot installed from the leader: the same restore
    // path as start-up.
    snapshotInstalls.incrementAndGet();
    getLifeCycle().startAndTransition(this::loadLatestSnapshot);
    LOG.info("snapshot installed peer={} applied={}", peerId, getLastAppliedTermIndex());
  }

  private void loadLatestSnapshot() throws IOException {
    awaitSnapshotWriter();
    lock.writeLock().lock();
    try {
      if (live != null) {
        live.close();
        live = null;
      }
      Optional<Snapshot> latest = storage.latest();
      io.talus.registry.Registry loaded = new io.talus.registry.Registry();
      if (latest.isPresent()) {
        Snapshot s = latest.get();
        if (s.meta().schemaVersion() != io.talus.registry.Registry.SCHEMA_VERSION) {
          throw new IOException("snapshot " + s.dir() + " has registry schema " + s.meta().schemaVersion()
              + "; this build reads " + io.talus.registry.Registry.SCHEMA_VERSION);
        }
        storage.snapshots().restore(s, loaded::load, storage.liveDir());
        setLastAppliedTermIndex(TermIndex.valueOf(s.term(), s.index()));
        completedSnapshotIndex = s.index();
        reportedSnapshotIndex = s.index();
        LOG.info("registry loaded peer={} snapshot={} records={}", peerId, s.dir().getFileName(),
            s.meta().recordCount());
      } else {
        SnapshotStore.deleteTree(storage.liveDir());
        setLastAppliedTermIndex(null);
        LOG.info("registry starts empty peer={}", peerId);
      }
      live = RocksDbKeyValueStore.open(storage.liveDir(), false);
      registry = loaded;
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    // Refuse garbage on the leader, before it reaches the log where every replica would choke on it.
    RegistryBatch.parseFrom(request.getMessage().getContent().asReadOnlyByteBuffer());
    return super.startTransaction(request);
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long term = entry.getTerm();
    long index = entry.getIndex();
    RegistryBatchResult result;
    lock.writeLock().lock();
    try {
      RegistryBatch batch = RegistryBatch.parseFrom(
          entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer());
      result = registry.applyEntry(term, index, batch);
      live.write(registry.drainChanges());
      updateLastAppliedTermIndex(term, index);
    } catch (IOException | RuntimeException e) {
      fatal.fatal("cannot apply log entry " + term + ":" + index + " on peer " + peerId, e);
      return CompletableFuture.failedFuture(e);
    } finally {
      lock.writeLock().unlock();
    }
    return CompletableFuture.completedFuture(
        Message.valueOf(UnsafeByteOperations.unsafeWrap(result.toByteArray())));
  }

  /**
   * Called by Ratis on the apply thread every N entries. Building a snapshot costs a pass over the
   * registry, so only the start happens here: under the apply lock, a point-in-time view of the live
   * store is taken (microseconds); a writer thread builds the snapshot from it while entries keep
   * being applied. The index returned is that of the newest snapshot completed on disk, which is all
   * Ratis may purge the log up to; until the new one is done, Ratis asks again and gets the old one.
   */
  @Override
  public synchronized long takeSnapshot() {
    if (pendingSnapshot != null && !pendingSnapshot.isDone()) {
      return reportedSnapshotIndex;
    }
    pendingSnapshot = null;
    if (completedSnapshotIndex > reportedSnapshotIndex) {
      reportedSnapshotIndex = completedSnapshotIndex;
      return reportedSnapshotIndex;
    }
    TermIndex applied;
    RocksDbKeyValueStore.ReadView view;
    lock.writeLock().lock();
    try {
      applied = getLastAppliedTermIndex();
      if (applied == null || applied.getIndex() <= reportedSnapshotIndex) {
        return reportedSnapshotIndex;
      }
      view = live.openView();
    } finally {
      lock.writeLock().unlock();
    }
    pendingSnapshot = snapshotWriter.submit(() -> writeSnapshot(applied, view));
    return reportedSnapshotIndex;
  }

  private void writeSnapshot(TermIndex at, RocksDbKeyValueStore.ReadView view) {
    try (view) {
      storage.snapshots().create(at.getTerm(), at.getIndex(), io.talus.registry.Registry.SCHEMA_VERSION, view);
      completedSnapshotIndex = at.getIndex();
    } catch (IOException | RuntimeException e) {
      fatal.fatal("cannot write the snapshot at " + at + " on peer " + peerId, e);
    }
  }

  /** Lets a snapshot being written finish; everything that closes or replaces the store calls this. */
  private synchronized void awaitSnapshotWriter() {
    if (pendingSnapshot == null) {
      return;
    }
    try {
      pendingSnapshot.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      fatal.fatal("snapshot writer failed on peer " + peerId, e.getCause());
    } finally {
      pendingSnapshot = null;
    }
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    try {
      RegistryQuery q = RegistryQuery.parseFrom(request.getContent().asReadOnlyByteBuffer());
      RegistryStatus status = readRegistry(r -> status(r, q.getType() == RegistryQuery.Type.STATUS_WITH_DIGEST));
      return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(status.toByteArray())));
    } catch (InvalidProtocolBufferException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  static RegistryStatus status(io.talus.registry.Registry r, boolean withDigest) {
    RegistryStatus.Builder b = RegistryStatus.newBuilder()
        .setApplied(r.applied())
        .setAgents(r.agents().size())
        .setFrameworks(r.frameworks().size())
        .setTasks(r.taskCount());
    r.clusterId().ifPresent(b::setClusterId);
    if (withDigest) {
      b.setContentDigest(com.google.protobuf.ByteString.copyFrom(r.contentDigest()));
    }
    return b.build();
  }

  /** Runs {@code reader} against the registry with no entry being applied meanwhile. */
  public <T> T readRegistry(Function<io.talus.registry.Registry, T> reader) {
    lock.readLock().lock();
    try {
      return reader.apply(registry);
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
    long term = getServer().thenApply(s -> {
      try {
        return s.getDivision(member.getGroupId()).getInfo().getCurrentTerm();
      } catch (IOException e) {
        return 0L;
      }
    }).getNow(0L);
    LeaderInfo info = newLeaderId == null
        ? LeaderInfo.NONE
        : new LeaderInfo(newLeaderId.toString(), term, newLeaderId.equals(member.getPeerId()));
    leader = info;
    LOG.info("leader changed peer={} leader={} term={}", peerId, info.leaderId(), info.term());
    for (LeadershipListener l : listeners) {
      try {
        l.onLeaderChanged(info);
      } catch (RuntimeException e) {
        LOG.warn("leadership listener failed peer={}", peerId, e);
      }
    }
  }

  public void addLeadershipListener(LeadershipListener listener) {
    listeners.add(listener);
  }

  public LeaderInfo leader() {
    return leader;
  }

  /** How many snapshots this peer has installed from a leader since it started. */
  public long snapshotInstalls() {
    return snapshotInstalls.get();
  }

  @Override
  public void close() throws IOException {
    awaitSnapshotWriter();
    snapshotWriter.shutdown();
    lock.writeLock().lock();
    try {
      super.close();
      if (live != null) {
        live.close();
        live = null;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
