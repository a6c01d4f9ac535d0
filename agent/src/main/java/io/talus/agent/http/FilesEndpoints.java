package io.talus.agent.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talus.http.HttpRequest;
import io.talus.http.HttpResponder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mesos files API over executor sandboxes (Mesos {@code src/files/files.cpp}), so that the
 * Mesos web UI's sandbox browser and log tailers work against a Talus agent.
 *
 * <ul>
 *   <li>{@code GET /files/read?path=P[&offset=N][&length=L]} → {@code {"data":"...","offset":N}}.
 *       Without {@code offset} (or with -1) it answers the file's size as {@code offset} and no
 *       data, which is how tailers find the end. An offset at or past the end answers the size and
 *       no data; {@code length} absent or -1 means "as much as allowed"; every read is capped at
 *       {@link #DEFAULT_MAX_READ_BYTES} (Mesos's 16 pages), so clients page through big files as
 *       they must with Mesos. {@code data} is the bytes decoded as UTF-8, invalid bytes replaced;
 *       a multi-byte character cut by the end of the page is left for the next page, so a client
 *       that advances by the UTF-8 length of {@code data} never splits a character.
 *   <li>{@code GET /files/browse?path=P} → the directory's entries (see {@link FileListing}); a
 *       file answers {@code []}, as in Mesos.
 *   <li>{@code GET /files/download?path=P} → the bytes as {@code application/octet-stream} with
 *       {@code Content-Disposition: attachment; filename=<name of the real file>}. The HTTP server
 *       sends whole bodies only, so files over {@link #DEFAULT_MAX_DOWNLOAD_BYTES} are refused
 *       with 400 (Mesos's files errors are 400, 403, 404 and 500 only); read them in pages.
 * </ul>
 *
 * <p>Errors as Mesos words them: a missing {@code path} or a bad {@code offset}/{@code length} is
 * 400, reading or downloading a directory (or a FIFO, a device: reading those could hang or never
 * end) 400, a path outside the sandboxes 403 (Mesos answers 404 for paths it has not attached;
 * 403 says why), a missing file 404 (see {@link SandboxPaths} for the rules). Talus does not
 * support Mesos's {@code jsonp} parameter: wrapping sandbox contents in a caller-named script is
 * a way for any web page to read them.
 *
 * <p>Disk IO happens on a small pool of its own, never on the HTTP server's IO threads; when its
 * queue is full requests get 503.
 */
public final class FilesEndpoints implements AutoCloseable {

  /** Mesos caps every read at 16 pages of 4 KiB. */
  public static final int DEFAULT_MAX_READ_BYTES = 16 * 4096;

  /** Downloads are whole byte arrays in memory, hence a cap. */
  public static final long DEFAULT_MAX_DOWNLOAD_BYTES = 256L * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(FilesEndpoints.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int IO_THREADS = 2;
  private static final int IO_QUEUE = 256;

  private final SandboxPaths paths;
  private final Executor io;
  private final ExecutorService ownPool;
  private final int maxReadBytes;
  private final long maxDownloadBytes;

  /**
   * Files under {@code workDir}'s sandboxes, read on a pool of its own (closed by {@link #close()})
   * with the default limits.
   *
   * @param agentId the current agent id, for Mesos's virtual {@code /frameworks/...} paths
   */
  public FilesEndpoints(Path workDir, Supplier<Optional<String>> agentId) {
    this(workDir, agentId, null, DEFAULT_MAX_READ_BYTES, DEFAULT_MAX_DOWNLOAD_BYTES);
  }

  /**
   * @param io runs the disk IO; {@code null} for a pool of this object's own
   * @param maxReadBytes the most one {@code /files/read} returns
   * @param maxDownloadBytes the largest file {@code /files/download} sends
   */
  public FilesEndpoints(
      Path workDir,
      Supplier<Optional<String>> agentId,
      Executor io,
      int maxReadBytes,
      long maxDownloadBytes) {
    if (maxReadBytes <= 0) {
      throw new IllegalArgumentException("maxReadBytes must be positive, got " + maxReadBytes);
    }
    if (maxDownloadBytes <= 0 || maxDownloadBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "maxDownloadBytes must be 1.." + (Integer.MAX_VALUE - 8) + ", got " + maxDownloadBytes);
    }
    this.paths = new SandboxPaths(workDir, agentId);
    this.ownPool = io == null ? newPool() : null;
    this.io = io == null ? ownPool : io;
    this.maxReadBytes = maxReadBytes;
    this.maxDownloadBytes = maxDownloadBytes;
  }

  /** {@code GET /files/read}. */
  public void read(HttpRequest request, HttpResponder responder) {
    String path = query(request, "path");
    long offset;
    long length;
    try {
      requirePath(path);
      offset = number(request, "offset");
      length = number(request, "length");
    } catch (FilesError e) {
      responder.respondText(e.status(), e.getMessage());
      return;
    }
    serve(responder, () -> {
      SandboxPaths.Resolved file = paths.resolve(path);
      ObjectNode page = read(file.real(), offset, length);
      responder.respond(200, "application/json", JSON.writeValueAsBytes(page), Map.of());
    });
  }

  /** {@code GET /files/browse}. */
  public void browse(HttpRequest request, HttpResponder responder) {
    String path = query(request, "path");
    serve(responder, () -> {
      SandboxPaths.Resolved dir = paths.resolve(path);
      byte[] body = JSON.writeValueAsBytes(FileListing.list(dir));
      responder.respond(200, "application/json", body, Map.of());
    });
  }

  /** {@code GET /files/download}. */
  public void download(HttpRequest request, HttpResponder responder) {
    String path = query(request, "path");
    serve(responder, () -> {
      SandboxPaths.Resolved file = paths.resolve(path);
      byte[] body = download(file.real());
      String name = file.real().getFileName().toString();
      responder.respond(200, "application/octet-stream", body,
          Map.of("Content-Disposition", ContentDisposition.attachment(name)));
    });
  }

  /** Shuts down the pool this object made, if it made one. */
  @Override
  public void close() {
    if (ownPool != null) {
      ownPool.shutdownNow();
    }
  }

  private ObjectNode read(Path file, long offset, long length) throws FilesError, IOException {
    regularFile(file, "read");
    ObjectNode page = JSON.createObjectNode();
    try (FileChannel channel = open(file)) {
      long size = channel.size();
      if (offset == -1 || offset >= size) {
        page.put("data", "");
        page.put("offset", size);
        return page;
      }
      long wanted = length == -1 ? maxReadBytes : Math.min(length, maxReadBytes);
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(wanted, size - offset));
      fill(channel, buffer, offset);
      page.put("data", Utf8.decodeWhole(buffer.array(), buffer.position()));
      page.put("offset", offset);
      return page;
    }
  }

  private byte[] download(Path file) throws FilesError, IOException {
    regularFile(file, "download");
    try (FileChannel channel = open(file)) {
      long size = channel.size();
      if (size > maxDownloadBytes) {
        throw FilesError.invalid("File is too large to download (" + size + " bytes, the limit is "
            + maxDownloadBytes + "); read it in pages with /files/read.\n");
      }
      // What the file held when it was opened; bytes appended since are for the next download.
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      fill(channel, buffer, 0);
      return buffer.hasRemaining()
          ? Arrays.copyOf(buffer.array(), buffer.position())
          : buffer.array();
    }
  }

  /**
   * Opens a checked real path; {@code NOFOLLOW_LINKS} refuses a file swapped for a symlink since
   * the check.
   */
  private static FileChannel open(Path file) throws IOException {
    return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
  }

  /** Reads from {@code position} until the buffer is full or the file ends (it may shrink). */
  private static void fill(FileChannel channel, ByteBuffer buffer, long position)
      throws IOException {
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        return;
      }
    }
  }

  private static void regularFile(Path file, String verb) throws FilesError {
    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      throw FilesError.invalid("Cannot " + verb + " a directory.\n");
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw FilesError.invalid("Cannot " + verb + " a special file.\n");
    }
  }

  /** Runs a request's IO on the pool, answering its {@link FilesError} or failure. */
  private void serve(HttpResponder responder, IoTask task) {
    try {
      io.execute(() -> {
        try {
          task.run();
        } catch (FilesError e) {
          responder.respondText(e.status(), e.getMessage());
        } catch (IOException | RuntimeException e) {
          LOG.warn("Files request failed", e);
          responder.respondText(500, "Failed to serve the file: " + e + "\n");
        }
      });
    } catch (RejectedExecutionException e) {
      responder.respondText(503, "Too many files requests in progress; try again.\n");
    }
  }

  @FunctionalInterface
  private interface IoTask {
    void run() throws FilesError, IOException;
  }

  /** Mesos checks this before anything else, the query parameters included. */
  private static void requirePath(String path) throws FilesError {
    if (path == null || path.isEmpty()) {
      throw FilesError.invalid("Expecting 'path=value' in query.\n");
    }
  }

  private static String query(HttpRequest request, String name) {
    List<String> values = request.queryParameters().get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** {@code offset} or {@code length}: absent is -1, as are Mesos's explicit -1; less is 400. */
  private static long number(HttpRequest request, String name) throws FilesError {
    String text = query(request, name);
    if (text == null) {
      return -1;
    }
    long value;
    try {
      value = Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw FilesError.invalid(
          "Failed to parse " + name + ": Failed to convert '" + text + "' to number.\n");
    }
    if (value < -1) {
      throw FilesError.invalid("Negative " + name + " provided: " + value + ".\n");
    }
    return value;
  }

  private static ExecutorService newPool() {
    AtomicInteger threads = new AtomicInteger();
    return new ThreadPoolExecutor(IO_THREADS, IO_THREADS, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(IO_QUEUE), runnable -> {
          Thread thread = new Thread(runnable, "agent-files-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }
}
