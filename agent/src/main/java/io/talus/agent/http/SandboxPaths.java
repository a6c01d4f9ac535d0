package io.talus.agent.http;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Decides which file a files API {@code path} names, and whether it may be served.
 *
 * <p>Only executor sandboxes are served: everything in them was written by a task (or for one),
 * while everything else on the host, the agent's checkpoints under {@code <work_dir>/meta}
 * included, is none of an HTTP client's business. A path is served when:
 *
 * <ol>
 *   <li>it is absolute, without NUL bytes and without {@code ..} segments (400 otherwise; a {@code
 *       ..} that would stay inside a sandbox is refused as well, because the check is simpler to
 *       trust when no path ever climbs);
 *   <li>it lies, as written, at or under a run directory {@code
 *       <work_dir>/slaves/A/frameworks/F/executors/E/runs/C} (403 otherwise), where {@code C} may
 *       be {@code latest} and {@code <work_dir>} is the configured or the real (symlink-free) work
 *       dir. Mesos's virtual form {@code /frameworks/F/executors/E/runs/latest/...} means the same
 *       under the current agent's directory, as a Mesos agent attaches it;
 *   <li>that run directory, with every symlink resolved ({@code runs/latest} included), is still a
 *       run directory of the same agent, framework and executor; and
 *   <li>the file, with every symlink resolved, is inside that real run directory (403 otherwise):
 *       a task that links {@code /etc/passwd}, or another framework's sandbox, into its own cannot
 *       have the agent serve it.
 * </ol>
 *
 * <p>A missing file is 404 (a symlink to a missing file outside the sandbox is also 404, not 403:
 * a task can test for such files on its host directly anyway). What remains is the race of a task
 * swapping a checked directory for a symlink between the check and the open; readers open the
 * checked real path with {@code NOFOLLOW_LINKS}, which covers its last component only.
 */
final class SandboxPaths {

  /** {@code slaves/A/frameworks/F/executors/E/runs/C}: the segments of a run dir under work_dir. */
  static final int SANDBOX_DEPTH = 8;

  private static final String[] FIXED_SEGMENTS = {"slaves", "frameworks", "executors", "runs"};
  private static final String VIRTUAL_PREFIX = "/frameworks/";

  private final Path workDir;
  private final Supplier<Optional<String>> agentId;

  /** A served path: as the client wrote it, the real file, and its real run directory. */
  record Resolved(String requested, Path real, Path sandbox) {}

  /**
   * @param workDir the agent's work dir
   * @param agentId the current agent id, for Mesos's virtual {@code /frameworks/...} paths
   */
  SandboxPaths(Path workDir, Supplier<Optional<String>> agentId) {
    this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath().normalize();
    this.agentId = Objects.requireNonNull(agentId, "agentId");
  }

  Resolved resolve(String requested) throws FilesError {
    Path lexical = lexical(requested);
    Path realWorkDir = realWorkDir();
    Path lexicalSandbox = lexicalSandbox(lexical, realWorkDir, requested);
    Path realSandbox = realPath(lexicalSandbox, requested);
    if (!sameRunDir(realWorkDir, lexicalSandbox, realSandbox)) {
      throw FilesError.forbidden("'" + requested + "' is not in a sandbox.\n");
    }
    Path real = realPath(lexical, requested);
    if (!real.startsWith(realSandbox)) {
      throw FilesError.forbidden("'" + requested + "' resolves outside its sandbox.\n");
    }
    return new Resolved(requested, real, realSandbox);
  }

  /** The path as written, checked for shape and normalized, virtual paths mapped. */
  private Path lexical(String requested) throws FilesError {
    if (requested == null || requested.isEmpty()) {
      throw FilesError.invalid("Expecting 'path=value' in query.\n");
    }
    if (requested.indexOf('\0') >= 0) {
      throw FilesError.invalid("Path must not contain a NUL byte.\n");
    }
    if (!requested.startsWith("/")) {
      throw FilesError.invalid("Path must be absolute: '" + requested + "'.\n");
    }
    for (String segment : requested.split("/")) {
      if (segment.equals("..")) {
        throw FilesError.invalid("Path must not contain '..': '" + requested + "'.\n");
      }
    }
    Path path;
    try {
      path = Path.of(requested).normalize();
    } catch (InvalidPathException e) {
      throw FilesError.invalid("Invalid path '" + requested + "': " + e.getReason() + ".\n");
    }
    if (requested.startsWith(VIRTUAL_PREFIX) && !path.startsWith(workDir)) {
      Optional<String> id = agentId.get();
      if (id.isEmpty() || !id.get().matches("[^/]+") || id.get().matches("\\.{1,2}")) {
        throw FilesError.notFound("'" + requested + "' does not exist: no agent id yet.\n");
      }
      path =
          workDir.resolve("slaves").resolve(id.get()).resolve(requested.substring(1)).normalize();
    }
    return path;
  }

  /** The run directory the path lies in, as written; 403 when it lies in none. */
  private Path lexicalSandbox(Path lexical, Path realWorkDir, String requested)
      throws FilesError {
    for (Path base : new Path[] {workDir, realWorkDir}) {
      if (lexical.startsWith(base)) {
        Path relative = base.relativize(lexical);
        if (isRunDir(relative)) {
          return base.resolve(relative.subpath(0, SANDBOX_DEPTH));
        }
      }
    }
    throw FilesError.forbidden("'" + requested + "' is not in a sandbox.\n");
  }

  /**
   * Whether the real run dir is where the written one says: under the real work dir, for the same
   * agent, framework and executor. Guards against {@code runs/latest} or a run dir itself being a
   * link to somewhere else.
   */
  private static boolean sameRunDir(Path realWorkDir, Path lexicalSandbox, Path realSandbox) {
    if (!realSandbox.startsWith(realWorkDir)) {
      return false;
    }
    Path real = realWorkDir.relativize(realSandbox);
    if (real.getNameCount() != SANDBOX_DEPTH || !isRunDir(real)) {
      return false;
    }
    Path written = lexicalSandbox.subpath(
        lexicalSandbox.getNameCount() - SANDBOX_DEPTH, lexicalSandbox.getNameCount());
    return real.subpath(0, SANDBOX_DEPTH - 1).equals(written.subpath(0, SANDBOX_DEPTH - 1));
  }

  /** Whether a path relative to the work dir is at or under {@code slaves/A/.../runs/C}. */
  private static boolean isRunDir(Path relative) {
    if (relative.getNameCount() < SANDBOX_DEPTH) {
      return false;
    }
    for (int i = 0; i < FIXED_SEGMENTS.length; i++) {
      if (!relative.getName(2 * i).toString().equals(FIXED_SEGMENTS[i])) {
        return false;
      }
    }
    return true;
  }

  private Path realWorkDir() {
    try {
      return workDir.toRealPath();
    } catch (IOException e) {
      // No work dir yet: nothing under it exists, and lookups below answer 404.
      return workDir;
    }
  }

  private static Path realPath(Path path, String requested) throws FilesError {
    try {
      return path.toRealPath();
    } catch (NoSuchFileException e) {
      throw FilesError.notFound("'" + requested + "' does not exist.\n");
    } catch (AccessDeniedException e) {
      throw FilesError.forbidden("'" + requested + "' is not accessible to the agent.\n");
    } catch (FileSystemException e) {
      // ENOTDIR, ELOOP and the like: nothing readable is at that path.
      throw FilesError.notFound("'" + requested + "' does not exist: " + e.getReason() + ".\n");
    } catch (IOException e) {
      throw FilesError.unknown("Failed to resolve '" + requested + "': " + e + ".\n");
    }
  }
}
