package io.talus.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.talus.master.testing.Http;
import io.talus.master.testing.Subscription;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * {@code talus local} end to end, as a user and as the chaos tests use it: it comes up with a
 * leader and a registered agent, records every node in {@code cluster.json}, a master killed with
 * SIGKILL comes back with its {@code cmd}, and SIGTERM leaves no process behind, not even a task
 * that outlives its agent by design.
 */
class LocalCommandTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aClusterComesUpSurvivesAMasterRestartAndLeavesNothingBehind() throws Exception {
    try (LocalClusterProcess local = LocalClusterProcess.startReady(3, 1)) {
      JsonNode cluster = local.clusterJson();
      assertThat(cluster.get("masters")).hasSize(3);
      assertThat(cluster.get("agents")).hasSize(1);
      for (JsonNode node : nodes(cluster)) {
        assertThat(node.get("pid").asLong()).as("pid of %s", node).isPositive();
        assertThat(ProcTable.alive(node.get("pid").asLong())).as("%s runs", node.get("id")).isTrue();
        assertThat(node.get("http").asText()).startsWith("http://127.0.0.1:");
        assertThat(node.get("cmd").get(0).asText()).endsWith("java");
        assertThat(argv(node)).contains(local.dir().resolve(node.get("name").asText()).resolve("work").toString());
      }
      String leader = local.leader();
      String agentId = cluster.get("agents").get(0).get("id").asText();
      JsonNode slave = StreamSupport.stream(Http.get(leader + "/master/state").json().get("slaves").spliterator(), false)
          .filter(s -> s.get("id").asText().equals(agentId)).findFirst().orElseThrow();
      assertThat(slave.get("active").asBoolean()).isTrue();

      try (Subscription framework = SleepTask.run(leader, agentId)) {
        ProcTable.Proc sleep = await("the task's sleep").atMost(WAIT)
            .until(() -> sleepUnder(local.dir()), p -> p != null);

        JsonNode follower = StreamSupport.stream(cluster.get("masters").spliterator(), false)
            .filter(m -> !m.get("http").asText().equals(leader)).findFirst().orElseThrow();
        long restarted = killAndRestart(follower);
        awaitFollowing(follower);
        await("cluster.json follows the restarted " + follower.get("id").asText()).atMost(WAIT)
            .until(() -> pidOf(local.clusterJson(), follower.get("id").asText()) == restarted);
        assertThat(ProcTable.alive(sleep.pid())).as("the task runs on").isTrue();
      }

      assertThat(local.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
      assertThat(local.output()).anyMatch(l -> l.contains("no process is left in " + local.dir()));
      await("no process under " + local.dir()).atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(local.processesUnderDir()).isEmpty());
    }
  }

  @Test
  void aNodeThatCannotStartIsExitCodeOneWithTheTailOfItsLog() throws Exception {
    Path dir = Files.createTempDirectory("talus-local-test-");
    // m1's Raft storage is a file where a directory must be: m1 exits at once.
    Files.createDirectories(dir.resolve("m1/work"));
    Files.writeString(dir.resolve("m1/work/raft"), "in the way");

    try (LocalClusterProcess local = LocalClusterProcess.start(1, 1, dir)) {
      assertThat(local.process().exitValue()).isEqualTo(1);
      assertThat(local.output())
          .anyMatch(l -> l.equals("talus local: could not start: m1 exited with code 1"))
          .anyMatch(l -> l.startsWith("---- the last 40 lines of " + dir.resolve("m1/node.log")))
          .anyMatch(l -> l.contains("talus master: could not start"))
          .anyMatch(l -> l.contains("no process is left in " + dir));
      assertThat(local.processesUnderDir()).isEmpty();
    }
  }

  private static ProcTable.Proc sleepUnder(Path dir) {
    return ProcTable.all().stream()
        .filter(p -> p.live() && p.argv().equals(List.of("sleep", "1000")) && p.cwd().map(c -> c.startsWith(dir)).orElse(false))
        .findFirst().orElse(null);
  }

  /** SIGKILL by the pid in cluster.json, then its cmd, output appended to its log; returns the new pid. */
  private static long killAndRestart(JsonNode master) throws IOException {
    long pid = master.get("pid").asLong();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    await("pid " + pid + " gone").atMost(WAIT).until(() -> !ProcTable.alive(pid));
    Process again = new ProcessBuilder(argv(master))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(master.get("log").asText())))
        .redirectErrorStream(true)
        .start();
    return again.pid();
  }

  /** Its /health answers and its /master/raft shows it following another peer. */
  private static void awaitFollowing(JsonNode master) {
    String http = master.get("http").asText();
    String id = master.get("id").asText();
    await(id + " answers /health").atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(UncheckedIOException.class)
        .until(() -> Http.get(http + "/health").status() == 200);
    await(id + " follows a leader").atMost(WAIT).ignoreExceptionsInstanceOf(UncheckedIOException.class)
        .untilAsserted(() -> {
          JsonNode raft = Http.get(http + "/master/raft").json();
          assertThat(raft.path("peer_id").asText()).isEqualTo(id);
          assertThat(raft.path("leader_id").asText("")).isNotEmpty().isNotEqualTo(id);
          assertThat(raft.path("elected").asBoolean()).isFalse();
        });
  }

  private static long pidOf(JsonNode cluster, String id) {
    return nodes(cluster).stream().filter(n -> n.get("id").asText().equals(id)).findFirst().orElseThrow()
        .get("pid").asLong();
  }

  private static List<JsonNode> nodes(JsonNode cluster) {
    List<JsonNode> nodes = new ArrayList<>();
    cluster.get("masters").forEach(nodes::add);
    cluster.get("agents").forEach(nodes::add);
    return nodes;
  }

  private static List<String> argv(JsonNode node) {
    List<String> argv = new ArrayList<>();
    node.get("cmd").forEach(a -> argv.add(a.asText()));
    return argv;
  }
}
