package io.talus.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A complete snapshot on disk: its directory and its verified-at-open metadata. */
public record Snapshot(Path dir, SnapshotMeta meta) {

  public long term() {
    return meta.term();
  }

  public long index() {
    return meta.index();
  }

  /** Every file that makes up the snapshot (data files, then the metadata file), as absolute paths. */
  public List<Path> files() {
    List<Path> out = new ArrayList<>();
    for (SnapshotMeta.FileEntry f : meta.files()) {
      out.add(dir.resolve(f.name()).toAbsolutePath());
    }
    out.add(dir.resolve(SnapshotMeta.FILE_NAME).toAbsolutePath());
    return out;
  }
}
