package io.talus.agent.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code /files/browse}'s listing, entry by entry as Mesos's {@code jsonFileInfo} writes them:
 * {@code {"gid","mode","mtime","nlink","path","size","uid"}} (keys in Mesos's order, which is
 * alphabetical), {@code mode} as {@code ls -l} shows it, owner and group by name when the host
 * knows them, else by number, {@code mtime} in whole seconds, entries sorted by path.
 *
 * <p>Like Mesos, an entry that is a symlink is described by its target ({@code stat}, not {@code
 * lstat}) and a dangling one is left out; unlike Mesos, a link whose target lies outside the
 * sandbox is described as the link itself, so a listing tells nothing about files the sandbox
 * cannot serve.
 */
final class FileListing {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  // st_mode file type bits (sys/stat.h).
  private static final int S_IFMT = 0170000;
  private static final int S_IFSOCK = 0140000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFIFO = 0010000;

  private FileListing() {}

  /**
   * Lists a resolved directory; a file lists as {@code []}, as in Mesos (its {@code os::ls} fails
   * and the listing stays empty).
   */
  static ArrayNode list(SandboxPaths.Resolved dir) throws IOException {
    ArrayNode listing = NODES.arrayNode();
    if (!Files.isDirectory(dir.real(), LinkOption.NOFOLLOW_LINKS)) {
      return listing;
    }
    String prefix = dir.requested().replaceAll("/+$", "");
    Map<String, ObjectNode> entries = new TreeMap<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir.real())) {
      for (Path child : children) {
        String path = prefix + "/" + child.getFileName();
        ObjectNode entry = entry(child, dir.sandbox(), path);
        if (entry != null) {
          entries.put(path, entry);
        }
      }
    }
    entries.values().forEach(listing::add);
    return listing;
  }

  /** One entry, or {@code null} for a dangling link or an entry gone since it was listed. */
  private static ObjectNode entry(Path child, Path sandbox, String path) {
    try {
      boolean follow = true;
      if (Files.isSymbolicLink(child)) {
        follow = child.toRealPath().startsWith(sandbox);
      }
      LinkOption[] options =
          follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
      PosixFileAttributes posix = Files.readAttributes(child, PosixFileAttributes.class, options);
      int mode;
      long nlink;
      try {
        Map<String, Object> unix = Files.readAttributes(child, "unix:mode,nlink", options);
        mode = (Integer) unix.get("mode");
        nlink = ((Number) unix.get("nlink")).longValue();
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        // No "unix" view on this JDK: no setuid bits or link counts, the rest is POSIX.
        mode = modeOf(posix);
        nlink = 1;
      }
      ObjectNode entry = NODES.objectNode();
      entry.put("gid", posix.group().getName());
      entry.put("mode", mode(mode));
      entry.put("mtime", posix.lastModifiedTime().toMillis() / 1000);
      entry.put("nlink", nlink);
      entry.put("path", path);
      entry.put("size", posix.size());
      entry.put("uid", posix.owner().getName());
      return entry;
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code st_mode} as {@code ls -l} and Mesos's {@code filemode} write it: {@code -rw-r--r--}. */
  static String mode(int mode) {
    char[] s = new char[10];
    s[0] = switch (mode & S_IFMT) {
      case S_IFDIR -> 'd';
      case S_IFLNK -> 'l';
      case S_IFCHR -> 'c';
      case S_IFBLK -> 'b';
      case S_IFIFO -> 'p';
      case S_IFSOCK -> 's';
      case S_IFREG -> '-';
      default -> '?';
    };
    for (int who = 0; who < 3; who++) {
      int bits = mode >> (6 - 3 * who);
      s[1 + 3 * who] = (bits & 4) != 0 ? 'r' : '-';
      s[2 + 3 * who] = (bits & 2) != 0 ? 'w' : '-';
      s[3 + 3 * who] = (bits & 1) != 0 ? 'x' : '-';
    }
    s[3] = special(mode, 04000, s[3], 's');
    s[6] = special(mode, 02000, s[6], 's');
    s[9] = special(mode, 01000, s[9], 't');
    return new String(s);
  }

  /** setuid, setgid and sticky show in the execute column: lower case if executable too. */
  private static char special(int mode, int bit, char execute, char letter) {
    if ((mode & bit) == 0) {
      return execute;
    }
    return execute == 'x' ? letter : Character.toUpperCase(letter);
  }

  private static int modeOf(PosixFileAttributes posix) {
    int mode;
    if (posix.isDirectory()) {
      mode = S_IFDIR;
    } else if (posix.isSymbolicLink()) {
      mode = S_IFLNK;
    } else if (posix.isRegularFile()) {
      mode = S_IFREG;
    } else {
      mode = 0;
    }
    Set<PosixFilePermission> permissions = posix.permissions();
    PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
    for (int i = 0; i < order.length; i++) {
      if (permissions.contains(order[i])) {
        mode |= 1 << (8 - i);
      }
    }
    return mode;
  }
}
