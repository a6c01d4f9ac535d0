package io.talus.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.protocol.registry.LaunchTasks;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegisterAgent;
import io.talus.protocol.registry.RegisterFramework;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.RegistryStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real Ratis peers on 127.0.0.1 with real RocksDB storage: commit, leader loss, restart from
 * disk, and catch-up by snapshot install after the others purged their logs.
 */
class ThreePeerRegistryTest {

  @TempDir Path tmp;

  private final Map<String, String> peers = new LinkedHashMap<>();
  private final Map<String, ConsensusServer> servers = new LinkedHashMap<>();
  private final List<String> fatalErrors = new CopyOnWriteArrayList<>();
  private RegistryClient client;
  private int time;

  private ConsensusConfig config(String id) {
    return ConsensusConfig.of(id, peers, tmp.resolve(id))
        .withElectionTimeout(Duration.ofMillis(150), Duration.ofMillis(300))
        // Small snapshots and segments, so that the test sees snapshots, purges and installs.
        .withSnapshots(300, 64 * 1024, 1);
  }

  private void start(String id) throws IOException {
    servers.put(id, ConsensusServer.start(config(id), (what, cause) -> fatalErrors.add(what + ": " + cause)));
  }

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    for (ConsensusServer s : servers.values()) {
      s.close();
    }
    assertThat(fatalErrors).isEmpty();
  }

  @Test
  void commitsSurviveLeaderLossRestartAndSnapshotInstall() throws Exception {
    startGroup();
    AgentID agent = registerAgent();
    FrameworkID framework = registerFramework();

    // 10,000 ops in flight together: group commit packs them into far fewer entries.
    long entriesBefore = client.entriesSent();
    launchAll(framework, agent, 10_000);
    long entries = client.entriesSent() - entriesBefore;
    assertThat(entries).as("entries for 10,000 ops").isLessThan(2_000);

    // A follower's linearizable read sees every committed op at once, with no waiting on our side.
    String someFollower = peers.keySet().stream().filter(id -> !id.equals(leaderId())).findFirst().orElseThrow();
    int followerTaskCount = servers.get(someFollower).readLinearizable(r -> r.taskCount()).get(30, TimeUnit.SECONDS);
    assertThat(followerTaskCount).isEqualTo(10_000);

    RegistryStatus committed = client.status(true).get(30, TimeUnit.SECONDS);
    assertThat(committed.getTasks()).isEqualTo(10_000);
    for (String id : peers.keySet()) {
      assertThat(client.statusAt(id, true).get(30, TimeUnit.SECONDS).getContentDigest())
          .as("digest of %s", id).isEqualTo(committed.getContentDigest());
    }

    // The leader goes away; another is elected and has every committed op.
    String oldLeader = leaderId();
    servers.remove(oldLeader).close();
    await().atMost(30, TimeUnit.SECONDS).ignoreExceptions().until(() -> {
      String l = leaderId();
      return l != null && !l.equals(oldLeader);
    });
    String newLeader = leaderId();
    RegistryStatus afterFailover = client.status(false).get(30, TimeUnit.SECONDS);
    assertThat(afterFailover.getTasks()).isEqualTo(10_000);
    List<String> missing = servers.get(newLeader).readLocal(r -> {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        if (r.task(framework.getValue(), "t-" + i).isEmpty()) {
          out.add("t-" + i);
        }
      }
      return out;
    });
    assertThat(missing).isEmpty();
    for (int i = 0; i < 50; i++) {
      assertThat(commit(launch(framework, agent, "after-failover-" + i).toBuilder()).hasAccepted()).isTrue();
    }

    // The old leader restarts from its own disk (snapshot + log) and catches up by replication.
    start(oldLeader);
    RegistryStatus now = client.status(true).get(30, TimeUnit.SECONDS);
    assertThat(client.statusAt(oldLeader, true).get(60, TimeUnit.SECONDS).getContentDigest())
        .isEqualTo(now.getContentDigest());
    assertThat(servers.get(oldLeader).stateMachine().snapshotInstalls()).isZero();

    // A follower stays down while the others write, snapshot and purge past everything it has.
    String follower = peers.keySet().stream()
        .filter(id -> !id.equals(leaderId())).findFirst().orElseThrow();
    long followerApplied = servers.get(follower).appliedIndex();
    servers.remove(follower).close();
    for (int i = 0; i < 800; i++) {
      assertThat(commit(launch(framework, agent, "while-down-" + i).toBuilder()).hasAccepted()).isTrue();
    }
    await().atMost(30, TimeUnit.SECONDS).ignoreExceptions()
        .until(() -> servers.values().stream().allMatch(s -> s.logStartIndex() > followerApplied + 1));

    start(follower);
    RegistryStatus end = client.status(true).get(30, TimeUnit.SECONDS);
    assertThat(end.getTasks()).isEqualTo(10_000 + 50 + 800);
    await().atMost(60, TimeUnit.SECONDS).ignoreExceptions()
        .until(() -> servers.get(follower).stateMachine().snapshotInstalls() >= 1);
    assertThat(client.statusAt(follower, true).get(60, TimeUnit.SECONDS).getContentDigest())
        .isEqualTo(end.getContentDigest());
    int followerTasks = servers.get(follower).readLocal(r -> r.taskCount());
    assertThat(followerTasks).isEqualTo(10_850);
  }

  @Test
  void theWholeGroupRestartsFromDiskWithTheSameRegistry() throws Exception {
    startGroup();
    AgentID agent = registerAgent();
    FrameworkID framework = registerFramework();
    launchAll(framework, agent, 2_000);
    RegistryStatus before = client.status(true).get(30, TimeUnit.SECONDS);

    for (ConsensusServer s : servers.values()) {
      s.close();
    }
    servers.clear();
    for (String id : peers.keySet()) {
      start(id);
    }
    RegistryStatus after = client.status(true).get(60, TimeUnit.SECONDS);
    assertThat(after.getContentDigest()).isEqualTo(before.getContentDigest());
    assertThat(after.getClusterId()).isEqualTo(before.getClusterId());
    assertThat(after.getTasks()).isEqualTo(2_000);
    assertThat(commit(launch(framework, agent, "after-restart").toBuilder()).hasAccepted()).isTrue();
  }

  @Test
  void opsInFlightAcrossALeaderLossApplyExactlyOnce() throws Exception {
    startGroup();
    AgentID agent = registerAgent();
    FrameworkID framework = registerFramework();

    // A launch applied twice would come back DUPLICATE_TASK_ID; one applied never would be missing.
    // All are queued first, so when the first entry's result arrives the next group-committed
    // entries are in flight or queued, and the leader dies under them.
    int n = 6_000;
    List<CompletableFuture<OpResult>> launches = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      launches.add(client.submit(launch(framework, agent, "t-" + i)));
    }
    String leader = leaderId();
    launches.get(0).get(30, TimeUnit.SECONDS);
    long entriesAtKill = client.entriesSent();
    servers.remove(leader).close();
    for (CompletableFuture<OpResult> f : launches) {
      OpResult r = f.get(60, TimeUnit.SECONDS);
      assertThat(r.hasAccepted()).as("result %s", r).isTrue();
    }
    assertThat(client.entriesSent()).as("entries sent after the leader died").isGreaterThan(entriesAtKill);
    int tasks = client.status(false).get(30, TimeUnit.SECONDS).getTasks();
    assertThat(tasks).isEqualTo(n);
  }

  private void startGroup() throws Exception {
    for (String id : List.of("m1", "m2", "m3")) {
      peers.put(id, "127.0.0.1:" + freePort());
    }
    for (String id : peers.keySet()) {
      start(id);
    }
    client = RegistryClient.connect("talus", peers, "test");
    await().atMost(30, TimeUnit.SECONDS).ignoreExceptions().until(() -> client.status(false).get().hasClusterId());
  }

  private AgentID registerAgent() throws Exception {
    return commit(RegistryOp.newBuilder().setRegisterAgent(RegisterAgent.newBuilder()
        .setAgentInfo(AgentInfo.newBuilder().setHostname("a1")))).getAccepted().getAgentId();
  }

  private FrameworkID registerFramework() throws Exception {
    return commit(RegistryOp.newBuilder().setRegisterFramework(RegisterFramework.newBuilder()
        .setFrameworkInfo(FrameworkInfo.newBuilder().setUser("u").setName("f")))).getAccepted().getFrameworkId();
  }

  /** Submits {@code n} launches at once (tasks t-0 ... t-(n-1)) and expects every one accepted. */
  private void launchAll(FrameworkID framework, AgentID agent, int n) throws Exception {
    List<CompletableFuture<OpResult>> launches = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      launches.add(client.submit(launch(framework, agent, "t-" + i)));
    }
    for (CompletableFuture<OpResult> f : launches) {
      assertThat(f.get(60, TimeUnit.SECONDS).hasAccepted()).isTrue();
    }
  }

  private String leaderId() {
    for (ConsensusServer s : servers.values()) {
      if (s.isLeader()) {
        return s.peerId();
      }
    }
    return null;
  }

  private OpResult commit(RegistryOp.Builder op) throws Exception {
    return client.submit(op.setTimeNanos(++time).build()).get(30, TimeUnit.SECONDS);
  }

  private RegistryOp launch(FrameworkID framework, AgentID agent, String taskId) {
    return RegistryOp.newBuilder()
        .setTimeNanos(++time)
        .setLaunchTasks(LaunchTasks.newBuilder()
            .setFrameworkId(framework)
            .setAgentId(agent)
            .addTasks(TaskInfo.newBuilder().setName(taskId).setTaskId(TaskID.newBuilder().setValue(taskId))
                .setAgentId(agent)))
        .build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
