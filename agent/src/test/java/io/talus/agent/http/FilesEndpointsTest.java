package io.talus.agent.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files API called directly, its IO run on the calling thread so answers are immediate. */
class FilesEndpointsTest {

  @TempDir Path temp;

  private SandboxFixture sandbox;
  private FilesEndpoints files;

  @BeforeEach
  void setUp() throws IOException {
    sandbox = new SandboxFixture(temp);
    files = endpoints(FilesEndpoints.DEFAULT_MAX_READ_BYTES, FilesEndpoints.DEFAULT_MAX_DOWNLOAD_BYTES);
  }

  // ---- read ------------------------------------------------------------------------------------

  @Test
  void readReturnsTheRequestedBytesAndTheirOffset() {
    Fakes.Responder r = read(sandbox.inRun("stdout"), "offset", "6", "length", "5");

    assertThat(r.status).isEqualTo(200);
    assertThat(r.contentType).isEqualTo("application/json");
    assertThat(r.text()).isEqualTo("{\"data\":\"world\",\"offset\":6}");
  }

  @Test
  void readWithoutLengthReadsToTheEnd() {
    assertPage(read(sandbox.inRun("stdout"), "offset", "0"), 0, "hello world\n");
    assertPage(read(sandbox.inRun("stdout"), "offset", "6", "length", "-1"), 6, "world\n");
  }

  @Test
  void readWithoutOffsetAnswersTheFileSize() {
    assertPage(read(sandbox.inRun("stdout")), 12, "");
    assertPage(read(sandbox.inRun("stdout"), "offset", "-1", "length", "3"), 12, "");
    assertPage(read(sandbox.inRun("stderr")), 0, "");
  }

  @Test
  void readAtOrPastTheEndAnswersTheSizeAndNoData() {
    assertPage(read(sandbox.inRun("stdout"), "offset", "12"), 12, "");
    assertPage(read(sandbox.inRun("stdout"), "offset", "1000", "length", "10"), 12, "");
  }

  @Test
  void readOfZeroBytesAnswersTheOffsetGiven() {
    assertPage(read(sandbox.inRun("stdout"), "offset", "3", "length", "0"), 3, "");
  }

  @Test
  void readIsCappedAtTheMaximumPage() {
    files = endpoints(4, FilesEndpoints.DEFAULT_MAX_DOWNLOAD_BYTES);

    assertPage(read(sandbox.inRun("stdout"), "offset", "0"), 0, "hell");
    assertPage(read(sandbox.inRun("stdout"), "offset", "4", "length", "100"), 4, "o wo");
  }

  @Test
  void readThroughLatestAndVirtualPaths() {
    assertPage(read(sandbox.latest() + "/stdout", "offset", "0"), 0, SandboxFixture.STDOUT);
    assertPage(read("/frameworks/F1/executors/E1/runs/latest/logs/app.log", "offset", "7"),
        7, "line 2\n");
  }

  @Test
  void readLeavesACharacterCutByThePageForTheNextPage() throws IOException {
    Files.write(sandbox.run.resolve("utf8"), "a\u00e9\u20acz".getBytes(StandardCharsets.UTF_8));

    // a (1 byte), é (2), € (3), z (1): a page of 3 ends inside €.
    assertPage(read(sandbox.inRun("utf8"), "offset", "0", "length", "4"), 0, "a\u00e9");
    assertPage(read(sandbox.inRun("utf8"), "offset", "3", "length", "4"), 3, "\u20acz");
  }

  @Test
  void readReplacesBytesThatAreNotUtf8() throws IOException {
    Files.write(sandbox.run.resolve("binary"), new byte[] {'a', (byte) 0xff, 'b', 0});

    assertPage(read(sandbox.inRun("binary"), "offset", "0"), 0, "a\ufffdb\0");
  }

  @Test
  void badOffsetsAndLengthsAreBadRequests() {
    assertError(read(sandbox.inRun("stdout"), "offset", "abc"), 400,
        "Failed to parse offset: Failed to convert 'abc' to number.\n");
    assertError(read(sandbox.inRun("stdout"), "offset", ""), 400, "Failed to parse offset");
    assertError(read(sandbox.inRun("stdout"), "offset", "-2"), 400,
        "Negative offset provided: -2.\n");
    assertError(read(sandbox.inRun("stdout"), "offset", "0", "length", "x"), 400,
        "Failed to parse length");
    assertError(read(sandbox.inRun("stdout"), "offset", "0", "length", "-5"), 400,
        "Negative length provided: -5.\n");
  }

  @Test
  void readRefusals() throws IOException {
    Files.createSymbolicLink(sandbox.run.resolve("passwd"), Path.of("/etc/passwd"));

    assertError(read(null), 400, "Expecting 'path=value' in query.\n");
    assertError(read(""), 400, "Expecting 'path=value' in query.\n");
    assertError(read(sandbox.inRun("logs"), "offset", "0"), 400, "Cannot read a directory.\n");
    assertError(read(sandbox.inRun("nope"), "offset", "0"), 404, "does not exist");
    assertError(read(sandbox.outside.toString(), "offset", "0"), 403, "not in a sandbox");
    assertError(read(sandbox.inRun("passwd"), "offset", "0"), 403, "outside its sandbox");
    assertError(read(sandbox.inRun("../C1/stdout"), "offset", "0"), 400, "'..'");
    assertError(read(sandbox.inRun("stdout") + "\0.txt"), 400, "NUL");
    assertError(read("relative/stdout"), 400, "absolute");
  }

  @Test
  void readOfAFifoIsRefusedRatherThanLeftHanging() throws Exception {
    Path fifo = sandbox.run.resolve("fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assumeThat(mkfifo.waitFor()).as("mkfifo works here").isZero();

    assertError(read(fifo.toString(), "offset", "0"), 400, "Cannot read a special file.\n");
  }

  // ---- browse ----------------------------------------------------------------------------------

  @Test
  void browseListsADirectoryLikeLsSortedByPath() throws IOException {
    Files.setPosixFilePermissions(sandbox.run.resolve("stdout"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(sandbox.run.resolve("logs"), PosixFilePermissions.fromString("rwxr-x---"));

    Fakes.Responder r = browse(sandbox.run.toString());

    assertThat(r.status).isEqualTo(200);
    JsonNode listing = r.json();
    assertThat(paths(listing)).containsExactly(
        sandbox.inRun("logs"), sandbox.inRun("stderr"), sandbox.inRun("stdout"),
        sandbox.inRun("tasks"));
    JsonNode stdout = listing.get(2);
    assertThat(names(stdout)).containsExactly("gid", "mode", "mtime", "nlink", "path", "size", "uid");
    assertThat(stdout.get("mode").asText()).isEqualTo("-rw-r--r--");
    assertThat(stdout.get("size").asLong()).isEqualTo(12);
    assertThat(stdout.get("nlink").asLong()).isEqualTo(1);
    assertThat(stdout.get("mtime").isIntegralNumber()).isTrue();
    assertThat(stdout.get("mtime").asLong())
        .isEqualTo(Files.getLastModifiedTime(sandbox.run.resolve("stdout")).toMillis() / 1000);
    assertThat(stdout.get("uid").asText())
        .isEqualTo(Files.getOwner(sandbox.run.resolve("stdout")).getName());
    assertThat(stdout.get("gid").isTextual()).isTrue();
    assertThat(listing.get(0).get("mode").asText()).isEqualTo("drwxr-x---");
  }

  @Test
  void browseKeepsThePathAsRequested() {
    assertThat(paths(browse(sandbox.latest()).json()))
        .contains(sandbox.latest() + "/stdout");
    assertThat(paths(browse(sandbox.latest() + "/logs/").json()))
        .containsExactly(sandbox.latest() + "/logs/app.log");
    assertThat(paths(browse("/frameworks/F1/executors/E1/runs/latest/logs").json()))
        .containsExactly("/frameworks/F1/executors/E1/runs/latest/logs/app.log");
  }

  @Test
  void browseOfAnEmptyDirectoryOrAFileIsAnEmptyList() {
    assertThat(browse(sandbox.inRun("tasks")).text()).isEqualTo("[]");
    Fakes.Responder file = browse(sandbox.inRun("stdout"));
    assertThat(file.status).isEqualTo(200);
    assertThat(file.text()).isEqualTo("[]");
  }

  @Test
  void browseDescribesLinksOutOfTheSandboxAsLinksAndSkipsDanglingOnes() throws IOException {
    Files.createSymbolicLink(sandbox.run.resolve("tasks/secret"), sandbox.outside);
    Files.createSymbolicLink(sandbox.run.resolve("tasks/log"), Path.of("../logs/app.log"));
    Files.createSymbolicLink(sandbox.run.resolve("tasks/dangling"), Path.of("nowhere"));

    JsonNode listing = browse(sandbox.inRun("tasks")).json();

    assertThat(paths(listing)).containsExactly(sandbox.inRun("tasks/log"), sandbox.inRun("tasks/secret"));
    assertThat(listing.get(0).get("mode").asText()).startsWith("-");
    assertThat(listing.get(0).get("size").asLong()).isEqualTo(14);
    assertThat(listing.get(1).get("mode").asText()).startsWith("l");
  }

  @Test
  void browseRefusals() throws IOException {
    Files.createSymbolicLink(sandbox.run.resolve("etc"), Path.of("/etc"));

    assertError(browse(null), 400, "Expecting 'path=value' in query.\n");
    assertError(browse(sandbox.inRun("nope")), 404, "does not exist");
    assertError(browse(sandbox.workDir.toString()), 403, "not in a sandbox");
    assertError(browse("/"), 403, "not in a sandbox");
    assertError(browse(sandbox.inRun("etc")), 403, "outside its sandbox");
    assertError(browse(sandbox.run + "/.."), 400, "'..'");
  }

  // ---- download --------------------------------------------------------------------------------

  @Test
  void downloadSendsTheBytesAsAnAttachmentNamedAfterTheRealFile() throws IOException {
    Fakes.Responder r = download(sandbox.latest() + "/stdout");

    assertThat(r.status).isEqualTo(200);
    assertThat(r.contentType).isEqualTo("application/octet-stream");
    assertThat(r.headers).containsEntry("Content-Disposition", "attachment; filename=stdout");
    assertThat(r.text()).isEqualTo(SandboxFixture.STDOUT);

    byte[] binary = new byte[70_000];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    Files.write(sandbox.run.resolve("my file;x=\"1\".bin"), binary);
    Fakes.Responder b = download(sandbox.inRun("my file;x=\"1\".bin"));
    assertThat(b.body).isEqualTo(binary);
    assertThat(b.headers.get("Content-Disposition")).isEqualTo(
        "attachment; filename=\"my file;x=\\\"1\\\".bin\"; filename*=UTF-8''my%20file%3Bx%3D%221%22.bin");
  }

  @Test
  void downloadRefusals() throws IOException {
    Files.createSymbolicLink(sandbox.run.resolve("secret"), sandbox.outside);

    assertError(download(null), 400, "Expecting 'path=value' in query.\n");
    assertError(download(sandbox.inRun("logs")), 400, "Cannot download a directory.\n");
    assertError(download(sandbox.inRun("nope")), 404, "does not exist");
    assertError(download(sandbox.outside.toString()), 403, "not in a sandbox");
    assertError(download(sandbox.inRun("secret")), 403, "outside its sandbox");
  }

  @Test
  void downloadOfAFileOverTheLimitIsRefused() {
    files = endpoints(FilesEndpoints.DEFAULT_MAX_READ_BYTES, 11);

    assertError(download(sandbox.inRun("stdout")), 400, "File is too large to download (12 bytes");
    assertThat(download(sandbox.inRun("logs/app.log")).status).isEqualTo(400);
    files = endpoints(FilesEndpoints.DEFAULT_MAX_READ_BYTES, 12);
    assertThat(download(sandbox.inRun("stdout")).status).isEqualTo(200);
  }

  // ---- plumbing --------------------------------------------------------------------------------

  @Test
  void aFullIoQueueIsServiceUnavailable() {
    files = new FilesEndpoints(sandbox.workDir, Optional::empty,
        task -> {
          throw new RejectedExecutionException("full");
        }, 1024, 1024);

    assertError(read(sandbox.inRun("stdout"), "offset", "0"), 503, "Too many files requests");
  }

  @Test
  void limitsMustBePositive() {
    assertThatThrownBy(() -> new FilesEndpoints(sandbox.workDir, Optional::empty, Runnable::run, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FilesEndpoints(sandbox.workDir, Optional::empty, Runnable::run, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FilesEndpoints(sandbox.workDir, Optional::empty, Runnable::run, 1, Long.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private FilesEndpoints endpoints(int maxRead, long maxDownload) {
    return new FilesEndpoints(
        sandbox.workDir, () -> Optional.of(SandboxFixture.AGENT), Runnable::run, maxRead, maxDownload);
  }

  private Fakes.Responder read(String path, String... query) {
    Fakes.Responder r = new Fakes.Responder();
    files.read(request("/files/read", path, query), r);
    return r;
  }

  private Fakes.Responder browse(String path) {
    Fakes.Responder r = new Fakes.Responder();
    files.browse(request("/files/browse", path), r);
    return r;
  }

  private Fakes.Responder download(String path) {
    Fakes.Responder r = new Fakes.Responder();
    files.download(request("/files/download", path), r);
    return r;
  }

  private static Fakes.Request request(String endpoint, String path, String... query) {
    List<String> pairs = new ArrayList<>();
    if (path != null) {
      pairs.add("path");
      pairs.add(path);
    }
    pairs.addAll(List.of(query));
    return Fakes.Request.get(endpoint, pairs.toArray(String[]::new));
  }

  private static void assertPage(Fakes.Responder r, long offset, String data) {
    assertThat(r.status).as(r.text()).isEqualTo(200);
    JsonNode page = r.json();
    assertThat(names(page)).containsExactly("data", "offset");
    assertThat(page.get("offset").isIntegralNumber()).isTrue();
    assertThat(page.get("offset").asLong()).isEqualTo(offset);
    assertThat(page.get("data").asText()).isEqualTo(data);
  }

  private static void assertError(Fakes.Responder r, int status, String message) {
    assertThat(r.status).as(r.text()).isEqualTo(status);
    assertThat(r.contentType).isEqualTo("text/plain; charset=utf-8");
    assertThat(r.text()).contains(message);
  }

  private static List<String> paths(JsonNode listing) {
    List<String> paths = new ArrayList<>();
    listing.forEach(e -> paths.add(e.get("path").asText()));
    return paths;
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
