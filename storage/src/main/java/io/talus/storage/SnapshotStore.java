package io.talus.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.rocksdb.EnvOptions;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.Options;
import org.rocksdb.SstFileWriter;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of snapshots named {@code snapshot.<term>_<index>}, each a small RocksDB database (one
 * ingested SST file) plus a {@link SnapshotMeta} file.
 *
 * <p>A snapshot is built under a temporary name, fsynced, then renamed, so a directory with the final
 * name is always complete. Loading verifies every file's CRC32C and the content digest; a mismatch is
 * an {@link IOException}, never a silent partial load.
 */
public final class SnapshotStore {

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
  private static final Pattern NAME = Pattern.compile("snapshot\\.(\\d+)_(\\d+)");
  private static final String TMP_PREFIX = ".tmp.";

  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;

  public SnapshotStore(Path dir) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
  }

  public Path dir() {
    return dir;
  }

  public static String name(long term, long index) {
    return "snapshot." + term + "_" + index;
  }

  /**
   * Writes the records of {@code source} (in key order; typically a point-in-time view of the live
   * store) as the snapshot at Raft {@code term}/{@code index}. The caller makes sure the source shows
   * the state as of that index; this may then run on any thread, while the live store moves on.
   */
  public Snapshot create(long term, long index, int schemaVersion, RecordSource source) throws IOException {
    Path target = dir.resolve(name(term, index));
    if (Files.exists(target)) {
      return open(target).orElseThrow(() -> new IOException("unreadable snapshot at " + target));
    }
    Path tmp = dir.resolve(TMP_PREFIX + name(term, index));
    Path sst = dir.resolve(TMP_PREFIX + name(term, index) + ".sst");
    deleteTree(tmp);
    deleteTree(sst);
    long startNanos = System.nanoTime();

    // One pass: the records go into a sorted SST file and through the digest.
    RecordDigest digest = new RecordDigest();
    try (Options options = RocksDbKeyValueStore.options();
         EnvOptions env = new EnvOptions();
         SstFileWriter writer = new SstFileWriter(env, options)) {
      writer.open(sst.toString());
      source.forEach((k, v) -> {
        digest.visit(k, v);
        try {
          writer.put(k, v);
        } catch (RocksDBException e) {
          throw new IOException("cannot write snapshot file " + sst + ": " + e.getMessage(), e);
        }
      });
      if (digest.records() > 0) {
        writer.finish();
      }
    } catch (RocksDBException e) {
      throw new IOException("cannot write snapshot file " + sst + ": " + e.getMessage(), e);
    }
    long writtenNanos = System.nanoTime();
    // The SST becomes a database of its own: restoring is then opening (or hard-linking) it.
    try (Options options = RocksDbKeyValueStore.options();
         RocksDB db = RocksDB.open(options, tmp.toString());
         IngestExternalFileOptions ingest = new IngestExternalFileOptions().setMoveFiles(true)) {
      if (digest.records() > 0) {
        db.ingestExternalFile(List.of(sst.toString()), ingest);
      }
    } catch (RocksDBException e) {
      throw new IOException("cannot build snapshot database " + tmp + ": " + e.getMessage(), e);
    } finally {
      deleteTree(sst);
    }

    List<SnapshotMeta.FileEntry> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(tmp)) {
      for (Path f : list.sorted().toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith("LOG")) {
          Files.delete(f); // RocksDB's own info log, not data
          continue;
        }
        files.add(new SnapshotMeta.FileEntry(name, Files.size(f), crc32c(f)));
      }
    }
    SnapshotMeta meta = new SnapshotMeta(schemaVersion, term, index, digest.records(), digest.digest(), files);
    Files.write(tmp.resolve(SnapshotMeta.FILE_NAME), meta.encode());
    for (SnapshotMeta.FileEntry f : files) {
      fsync(tmp.resolve(f.name()));
    }
    fsync(tmp.resolve(SnapshotMeta.FILE_NAME));
    fsyncDir(tmp);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("snapshot directory " + dir + " does not support atomic rename", e);
    }
    fsyncDir(dir);
    long doneNanos = System.nanoTime();
    LOG.info("snapshot written dir={} {} writeMs={} totalMs={}", target, meta,
        (writtenNanos - startNanos) / 1_000_000, (doneNanos - startNanos) / 1_000_000);
    return new Snapshot(target, meta);
  }

  /** The snapshot with the highest index, if any. */
  public Optional<Snapshot> latest() throws IOException {
    List<Path> dirs = snapshotDirs();
    return dirs.isEmpty() ? Optional.empty() : open(dirs.get(dirs.size() - 1));
  }

  /** All complete snapshots, oldest first. */
  public List<Snapshot> list() throws IOException {
    List<Snapshot> out = new ArrayList<>();
    for (Path p : snapshotDirs()) {
      open(p).ifPresent(out::add);
    }
    return out;
  }

  private Optional<Snapshot> open(Path snapshotDir) throws IOException {
    Path metaFile = snapshotDir.resolve(SnapshotMeta.FILE_NAME);
    if (!Files.exists(metaFile)) {
      throw new IOException("snapshot " + snapshotDir + " has no " + SnapshotMeta.FILE_NAME);
    }
    SnapshotMeta meta = SnapshotMeta.decode(Files.readAllBytes(metaFile));
    Matcher m = NAME.matcher(snapshotDir.getFileName().toString());
    if (!m.matches() || Long.parseLong(m.group(1)) != meta.term() || Long.parseLong(m.group(2)) != meta.index()) {
      throw new IOException("snapshot " + snapshotDir + " disagrees with its metadata " + meta);
    }
    return Optional.of(new Snapshot(snapshotDir, meta));
  }

  private List<Path> snapshotDirs() throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches()) {
          out.add(p);
        }
      }
    }
    out.sort(Comparator.comparingLong(SnapshotStore::indexOf));
    return out;
  }

  private static long indexOf(Path p) {
    Matcher m = NAME.matcher(p.getFileName().toString());
    if (!m.matches()) {
      throw new IllegalArgumentException(p.toString());
    }
    return Long.parseLong(m.group(2));
  }

  /** Checks every file's size and CRC32C, then visits the records while checking the content digest. */
  public void load(Snapshot snapshot, RecordVisitor visitor) throws IOException {
    verifyFiles(snapshot);
    visitVerified(snapshot, visitor);
  }

  /**
   * What a replica does at start-up or after an install: verifies the files once, visits the
   * records (checking the digest), and makes {@code liveDir} a writable copy of the database.
   */
  public void restore(Snapshot snapshot, RecordVisitor visitor, Path liveDir) throws IOException {
    verifyFiles(snapshot);
    visitVerified(snapshot, visitor);
    copyDatabase(snapshot, liveDir);
  }

  private static void visitVerified(Snapshot snapshot, RecordVisitor visitor) throws IOException {
    RecordDigest digest = new RecordDigest();
    forEachRecord(snapshot.dir(), (k, v) -> {
      digest.visit(k, v);
      visitor.visit(k, v);
    });
    if (digest.records() != snapshot.meta().recordCount()
        || !java.util.Arrays.equals(digest.digest(), snapshot.meta().contentDigest())) {
      throw new IOException("snapshot " + snapshot.dir() + " content does not match its digest");
    }
  }

  private static void verifyFiles(Snapshot snapshot) throws IOException {
    for (SnapshotMeta.FileEntry f : snapshot.meta().files()) {
      Path p = snapshot.dir().resolve(f.name());
      if (!Files.exists(p)) {
        throw new IOException("snapshot " + snapshot.dir() + " is missing " + f.name());
      }
      if (Files.size(p) != f.size() || crc32c(p) != f.crc32c()) {
        throw new IOException("snapshot file " + p + " is corrupt (size or CRC32C mismatch)");
      }
    }
  }

  /**
   * Makes {@code liveDir} a writable copy of the snapshot's database: immutable SST files are
   * hard-linked, the rest (MANIFEST, CURRENT, OPTIONS, which RocksDB appends to) copied.
   */
  public void restoreTo(Snapshot snapshot, Path liveDir) throws IOException {
    verifyFiles(snapshot);
    copyDatabase(snapshot, liveDir);
  }

  private static void copyDatabase(Snapshot snapshot, Path liveDir) throws IOException {
    deleteTree(liveDir);
    Files.createDirectories(liveDir);
    for (SnapshotMeta.FileEntry f : snapshot.meta().files()) {
      Path src = snapshot.dir().resolve(f.name());
      Path dst = liveDir.resolve(f.name());
      if (f.name().endsWith(".sst")) {
        try {
          Files.createLink(dst, src);
          continue;
        } catch (IOException | UnsupportedOperationException e) {
          LOG.debug("hard link {} failed, copying", src, e);
        }
      }
      Files.copy(src, dst);
    }
  }

  /**
   * Deletes all but the newest {@code keep} snapshots. Leaves temporary files alone: a snapshot may be
   * being written while this runs.
   */
  public void retain(int keep) throws IOException {
    List<Path> dirs = snapshotDirs();
    for (int i = 0; i < dirs.size() - Math.max(1, keep); i++) {
      deleteTree(dirs.get(i));
      LOG.info("snapshot deleted dir={}", dirs.get(i));
    }
  }

  /** Deletes what a crash left of snapshots being written. Call before any snapshot is written. */
  public void sweepLeftovers() throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, TMP_PREFIX + "*")) {
      for (Path p : ds) {
        deleteTree(p);
        LOG.info("unfinished snapshot deleted path={}", p);
      }
    }
  }

  private static void forEachRecord(Path dbDir, RecordVisitor visitor) throws IOException {
    try (Options options = new Options();
         RocksDB db = RocksDB.openReadOnly(options, dbDir.toString());
         RocksIterator it = db.newIterator()) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        visitor.visit(it.key(), it.value());
      }
      it.status();
    } catch (RocksDBException e) {
      throw new IOException("cannot read snapshot database " + dbDir + ": " + e.getMessage(), e);
    }
  }

  static int crc32c(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        crc.update(buf, 0, n);
      }
    }
    return (int) crc.getValue();
  }

  private static void fsync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static void fsyncDir(Path d) throws IOException {
    try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some filesystems refuse to open directories; the rename is still atomic there.
      LOG.debug("directory fsync not supported for {}", d, e);
    }
  }

  /** Deletes a file or a directory tree; nothing if it does not exist. */
  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
