package io.talus.consensus;

import io.talus.storage.Snapshot;
import io.talus.storage.SnapshotStore;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.SnapshotRetentionPolicy;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.impl.FileListSnapshotInfo;

/**
 * Lays out the state machine directory and shows our RocksDB snapshots to Ratis.
 *
 * <pre>
 *   sm/snapshots/snapshot.&lt;term&gt;_&lt;index&gt;/  a RocksDB database + talus-snapshot.meta (what Ratis sends
 *                                          to a lagging follower, and replaces whole on install)
 *   sm/tmp/                                where Ratis receives an installed snapshot
 *   sm/live/                               the live store: snapshot + replayed entries
 * </pre>
 */
final class RegistryStorage implements StateMachineStorage {

  private volatile Path smDir;
  private volatile SnapshotStore snapshots;

  @Override
  public void init(RaftStorage raftStorage) throws IOException {
    smDir = raftStorage.getStorageDir().getStateMachineDir().toPath();
    snapshots = new SnapshotStore(smDir.resolve("snapshots"));
    snapshots.sweepLeftovers();
    Files.createDirectories(smDir.resolve("tmp"));
  }

  SnapshotStore snapshots() {
    return snapshots;
  }

  Path liveDir() {
    return smDir.resolve("live");
  }

  Optional<Snapshot> latest() throws IOException {
    return snapshots.latest();
  }

  static SnapshotInfo toSnapshotInfo(Snapshot s) {
    List<FileInfo> files = s.files().stream().map(p -> new FileInfo(p, null)).toList();
    return new FileListSnapshotInfo(files, s.term(), s.index());
  }

  @Override
  public SnapshotInfo getLatestSnapshot() {
    try {
      return latest().map(RegistryStorage::toSnapshotInfo).orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the latest snapshot in " + snapshots.dir(), e);
    }
  }

  @Override
  public void format() {}

  @Override
  public void cleanupOldSnapshots(SnapshotRetentionPolicy policy) throws IOException {
    int keep = policy.getNumSnapshotsRetained();
    if (keep > 0) {
      snapshots.retain(keep);
    }
  }

  @Override
  public File getSnapshotDir() {
    return snapshots.dir().toFile();
  }

  @Override
  public File getTmpDir() {
    return smDir.resolve("tmp").toFile();
  }
}
