package io.talus.storage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The metadata file of a snapshot: a magic, the format version, the schema version of the records
 * (owned by the layer above), the last applied Raft term and index, the record count and digest of the
 * content, and each data file's size and CRC32C. The file ends with a CRC32C of everything before it.
 */
public record SnapshotMeta(
    int schemaVersion,
    long term,
    long index,
    long recordCount,
    byte[] contentDigest,
    List<FileEntry> files) {

  public static final String FILE_NAME = "talus-snapshot.meta";
  /** Version of this file's layout and of the snapshot directory's shape. */
  public static final int FORMAT_VERSION = 1;

  private static final long MAGIC = 0x54414c55_534e4150L; // "TALUSNAP"

  public SnapshotMeta {
    files = List.copyOf(files);
    if (contentDigest.length != 32) {
      throw new IllegalArgumentException("content digest must be SHA-256 (32 bytes)");
    }
  }

  /** A data file of the snapshot, by name relative to the snapshot directory. */
  public record FileEntry(String name, long size, int crc32c) {}

  public byte[] encode() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(buf)) {
      out.writeLong(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(schemaVersion);
      out.writeLong(term);
      out.writeLong(index);
      out.writeLong(recordCount);
      out.write(contentDigest);
      out.writeInt(files.size());
      for (FileEntry f : files) {
        out.writeUTF(f.name());
        out.writeLong(f.size());
        out.writeInt(f.crc32c());
      }
      CRC32C crc = new CRC32C();
      crc.update(buf.toByteArray());
      out.writeInt((int) crc.getValue());
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return buf.toByteArray();
  }

  public static SnapshotMeta decode(byte[] bytes) throws IOException {
    if (bytes.length < 4) {
      throw new IOException("snapshot metadata truncated (" + bytes.length + " bytes)");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - 4);
    int stored = ((bytes[bytes.length - 4] & 0xff) << 24) | ((bytes[bytes.length - 3] & 0xff) << 16)
        | ((bytes[bytes.length - 2] & 0xff) << 8) | (bytes[bytes.length - 1] & 0xff);
    if ((int) crc.getValue() != stored) {
      throw new IOException("snapshot metadata checksum mismatch");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4))) {
      if (in.readLong() != MAGIC) {
        throw new IOException("not a Talus snapshot metadata file (bad magic)");
      }
      int format = in.readInt();
      if (format != FORMAT_VERSION) {
        throw new IOException("unsupported snapshot format version " + format + " (this build reads "
            + FORMAT_VERSION + ")");
      }
      int schema = in.readInt();
      long term = in.readLong();
      long index = in.readLong();
      long count = in.readLong();
      byte[] digest = in.readNBytes(32);
      int n = in.readInt();
      List<FileEntry> files = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        files.add(new FileEntry(in.readUTF(), in.readLong(), in.readInt()));
      }
      return new SnapshotMeta(schema, term, index, count, digest, files);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SnapshotMeta m && schemaVersion == m.schemaVersion && term == m.term
        && index == m.index && recordCount == m.recordCount
        && Arrays.equals(contentDigest, m.contentDigest) && files.equals(m.files);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(index) * 31 + Arrays.hashCode(contentDigest);
  }

  @Override
  public String toString() {
    return "SnapshotMeta[term=" + term + ", index=" + index + ", schema=" + schemaVersion + ", records="
        + recordCount + ", digest=" + RecordDigest.hex(contentDigest) + ", files=" + files.size() + "]";
  }
}
