package io.talus.bench.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The agent launch bench runs end to end with a real master and agent process, in small numbers
 * (the figures mean nothing here, only that each is measured), and leaves no process behind.
 */
class AgentLaunchBenchTest {

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void measuresEveryFigureWritesThemAsJsonAndLeavesNoTaskBehind() throws Exception {
    Path out = dir.resolve("results").resolve("agent-launch.json");

    int exit = new CommandLine(new AgentLaunchBench())
        .execute("--tasks", "20", "--running", "10", "--out", out.toString(), "--dir", dir.toString());

    assertThat(exit).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toFile());
    assertThat(json.get("tasks").asInt()).isEqualTo(20);
    assertThat(json.get("runningTasks").asInt()).isEqualTo(10);
    assertThat(json.get("agentIsolation").asText()).isNotBlank().isNotEqualTo("unknown");
    for (String figure : List.of("launchesPerSecond", "finishedPerSecond", "killedPerSecond",
        "acceptToFirstStartingMs", "acceptToStartingP50Ms", "acceptToRunningP50Ms", "acceptToRunningP99Ms",
        "acceptToRunningMaxMs", "agentRssIdleMiB", "agentRssRunningMiB", "agentHeapLiveIdleMiB",
        "agentHeapUsedMiB", "agentHeapLiveMiB", "perTaskRssKiB", "perTaskPssKiB")) {
      assertThat(json.get(figure).asDouble()).as(figure).isPositive();
    }
    assertThat(json.get("acceptToRunningP50Ms").asDouble())
        .isLessThanOrEqualTo(json.get("acceptToRunningP99Ms").asDouble());
    assertThat(json.get("acceptToRunningP99Ms").asDouble())
        .isLessThanOrEqualTo(json.get("acceptToRunningMaxMs").asDouble());
    // At least a supervisor and its task for each running task.
    assertThat(json.get("sandboxProcesses").asInt()).isGreaterThanOrEqualTo(20);
    assertThat(SandboxProcesses.under(dir.toRealPath(), Set.of()))
        .as("no agent, supervisor or task left behind").isEmpty();
    assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("talus-agent-bench"));
  }

  @Test
  void percentilesAreNearestRank() {
    long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(AgentLaunchBench.percentile(sorted, 50)).isEqualTo(5);
    assertThat(AgentLaunchBench.percentile(sorted, 99)).isEqualTo(10);
    assertThat(AgentLaunchBench.percentile(new long[] {7}, 99)).isEqualTo(7);
  }

  @Test
  void heapUsedAddsUpTheGenerationsAndStopsAtMetaspace() {
    String g1 = """
        12345:
         garbage-first heap   total 262144K, used 23552K [0x00000000f0000000, 0x0000000100000000)
          region size 1024K, 12 young (12288K), 2 survivors (2048K)
         Metaspace       used 40000K, committed 40500K, reserved 1114112K
        """;
    String serial = """
        12345:
         def new generation   total 9792K, used 4000K [0x1, 0x2, 0x3)
          eden space 8704K,  40% used [0x1, 0x2, 0x3)
         tenured generation   total 21888K, used 6000K [0x1, 0x2, 0x3)
         Metaspace       used 40000K, committed 40500K, reserved 1114112K
        """;
    assertThat(AgentProcess.heapUsed(g1)).isEqualTo(23552);
    assertThat(AgentProcess.heapUsed(serial)).isEqualTo(10000);
  }
}
