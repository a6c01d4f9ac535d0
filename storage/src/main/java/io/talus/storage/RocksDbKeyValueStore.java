package io.talus.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rocksdb.CompressionType;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A RocksDB database used as a {@link KeyValueStore}.
 *
 * <p>Writes can skip the WAL ({@code durableWrites=false}): the registry's live store is rebuilt from
 * its last snapshot plus the Raft log after a crash, so its own WAL would be paid for and never read.
 * Writes can also fsync the WAL before returning ({@code syncWrites=true}): an agent's checkpoint
 * is its only copy of what it runs, so it must survive a crash of the host, not only of the
 * process.
 * Snapshots are built from {@link #openView}, a point-in-time view.
 */
public final class RocksDbKeyValueStore implements KeyValueStore {

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final Options options;
  private final WriteOptions writeOptions;
  private final RocksDB db;

  private RocksDbKeyValueStore(Path dir, boolean durableWrites, boolean syncWrites)
      throws IOException {
    this.dir = dir;
    this.options = options();
    this.writeOptions = new WriteOptions().setDisableWAL(!durableWrites).setSync(syncWrites);
    try {
      Files.createDirectories(dir);
      this.db = RocksDB.open(options, dir.toString());
    } catch (RocksDBException e) {
      options.close();
      writeOptions.close();
      throw new IOException("cannot open RocksDB at " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The options of every Talus RocksDB database: snapshots and live stores share one format. */
  static Options options() {
    return new Options()
        .setCreateIfMissing(true)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setMaxOpenFiles(256);
  }

  /** Opens (creating if missing) the database in {@code dir}. */
  public static RocksDbKeyValueStore open(Path dir, boolean durableWrites) throws IOException {
    return new RocksDbKeyValueStore(dir, durableWrites, false);
  }

  /**
   * Opens (creating if missing) the database in {@code dir}; with {@code syncWrites} every write
   * returns only once its WAL record is fsynced. Syncing needs the WAL, so it needs {@code
   * durableWrites}.
   */
  public static RocksDbKeyValueStore open(Path dir, boolean durableWrites, boolean syncWrites)
      throws IOException {
    if (syncWrites && !durableWrites) {
      throw new IllegalArgumentException("syncWrites needs durableWrites: only the WAL is fsynced");
    }
    return new RocksDbKeyValueStore(dir, durableWrites, syncWrites);
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void write(List<Mutation> mutations) throws IOException {
    if (mutations.isEmpty()) {
      return;
    }
    try (WriteBatch batch = new WriteBatch()) {
      for (Mutation m : mutations) {
        if (m.isDelete()) {
          batch.delete(m.key());
        } else {
          batch.put(m.key(), m.value());
        }
      }
      db.write(writeOptions, batch);
    } catch (RocksDBException e) {
      throw new IOException("RocksDB write failed in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] get(byte[] key) throws IOException {
    try {
      return db.get(key);
    } catch (RocksDBException e) {
      throw new IOException("RocksDB read failed in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void forEach(RecordVisitor visitor) throws IOException {
    try (RocksIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        visitor.visit(it.key(), it.value());
      }
      it.status();
    } catch (RocksDBException e) {
      throw new IOException("RocksDB iteration failed in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * A consistent view of the records as they are now, unaffected by later writes, taken in
   * microseconds (a RocksDB snapshot: a sequence number, no copy). Close it before this store.
   */
  public ReadView openView() {
    org.rocksdb.Snapshot snapshot = db.getSnapshot();
    return new ReadView(snapshot, new ReadOptions().setSnapshot(snapshot));
  }

  /** A point-in-time view of the store; see {@link #openView()}. */
  public final class ReadView implements RecordSource, AutoCloseable {
    private final org.rocksdb.Snapshot snapshot;
    private final ReadOptions readOptions;

    private ReadView(org.rocksdb.Snapshot snapshot, ReadOptions readOptions) {
      this.snapshot = snapshot;
      this.readOptions = readOptions;
    }

    @Override
    public void forEach(RecordVisitor visitor) throws IOException {
      try (RocksIterator it = db.newIterator(readOptions)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          visitor.visit(it.key(), it.value());
        }
        it.status();
      } catch (RocksDBException e) {
        throw new IOException("RocksDB iteration failed in " + dir + ": " + e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      readOptions.close();
      db.releaseSnapshot(snapshot);
    }
  }

  @Override
  public void close() {
    db.close();
    writeOptions.close();
    options.close();
  }
}
