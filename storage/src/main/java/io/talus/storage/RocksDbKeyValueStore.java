package io.talus.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.rocksdb.Checkpoint;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
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
 * Consistency comes from {@link #checkpoint}, which flushes the memtable first.
 */
public final class RocksDbKeyValueStore implements KeyValueStore {

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final Options options;
  private final WriteOptions writeOptions;
  private final RocksDB db;

  private RocksDbKeyValueStore(Path dir, boolean durableWrites) throws IOException {
    this.dir = dir;
    this.options = new Options()
        .setCreateIfMissing(true)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setMaxOpenFiles(256);
    this.writeOptions = new WriteOptions().setDisableWAL(!durableWrites).setSync(false);
    try {
      Files.createDirectories(dir);
      this.db = RocksDB.open(options, dir.toString());
    } catch (RocksDBException e) {
      options.close();
      writeOptions.close();
      throw new IOException("cannot open RocksDB at " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Opens (creating if missing) the database in {@code dir}. */
  public static RocksDbKeyValueStore open(Path dir, boolean durableWrites) throws IOException {
    return new RocksDbKeyValueStore(dir, durableWrites);
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
   * Writes a consistent copy of the database to {@code target} (which must not exist): the memtable
   * is flushed, then the live files are hard-linked, so this costs a flush, not a copy.
   */
  public void checkpoint(Path target) throws IOException {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true);
         Checkpoint checkpoint = Checkpoint.create(db)) {
      db.flush(flush);
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw new IOException("RocksDB checkpoint to " + target + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    db.close();
    writeOptions.close();
    options.close();
  }
}
