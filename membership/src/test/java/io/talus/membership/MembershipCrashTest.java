package io.talus.membership;

import static io.talus.membership.MembershipEvent.Type.ADDED;
import static io.talus.membership.MembershipEvent.Type.REMOVED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member whose process is killed with SIGKILL is removed by failure detection alone, within the
 * few seconds the default (LAN) settings promise.
 */
class MembershipCrashTest {

  private static final Logger LOG = LoggerFactory.getLogger(MembershipCrashTest.class);

  private final TestNodes nodes = new TestNodes();
  private Process child;

  @AfterEach
  void cleanUp() {
    if (child != null) {
      child.destroyForcibly();
    }
    nodes.close();
  }

  @Test
  @Timeout(60)
  void aKilledMemberIsRemovedByFailureDetectionWithTheDefaultSettings() throws Exception {
    MembershipConfig defaults = MembershipConfig.builder().host("127.0.0.1").build();
    Membership m1 = nodes.start(defaults, TestNodes.master("m1", 5050));
    Membership m2 =
        nodes.start(defaults.toBuilder().seeds(m1.address()).build(), TestNodes.master("m2", 5060));
    RecordingListener atM1 = new RecordingListener();
    RecordingListener atM2 = new RecordingListener();
    m1.subscribe(atM1);
    m2.subscribe(atM2);

    child = startChildMember(m1.address(), "doomed");
    String childAddress = awaitReady(child);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> atM1.typesFor("doomed").equals(List.of(ADDED))
            && atM2.typesFor("doomed").equals(List.of(ADDED)));

    long killedAt = System.nanoTime();
    child.destroyForcibly(); // SIGKILL: no leave message, nothing flushed
    assertThat(child.waitFor(5, TimeUnit.SECONDS)).isTrue();

    for (RecordingListener listener : List.of(atM1, atM2)) {
      await()
          .atMost(Duration.ofSeconds(8))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> listener.typesFor("doomed").equals(List.of(ADDED, REMOVED)));
    }
    long detectionMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    LOG.info("Killed {} removed at both observers after {} ms", childAddress, detectionMillis);
    assertThat(m1.otherMembers()).extracting(Member::address).containsExactly(m2.address());
    assertThat(m2.otherMembers()).extracting(Member::address).containsExactly(m1.address());
  }

  private static Process startChildMember(String seed, String nodeId) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "-XX:TieredStopAtLevel=1",
            GossipMemberProcess.class.getName(),
            seed,
            nodeId)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static String awaitReady(Process process) throws Exception {
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = stdout.readLine()) != null) {
      if (line.startsWith(GossipMemberProcess.READY)) {
        return line.substring(GossipMemberProcess.READY.length());
      }
    }
    throw new AssertionError("child member exited before listening, code " + process.waitFor());
  }
}
