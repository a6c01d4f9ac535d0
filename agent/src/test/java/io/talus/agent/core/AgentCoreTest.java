package io.talus.agent.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.talus.agent.AgentConfig;
import io.talus.agent.checkpoint.AgentCheckpoint;
import io.talus.agent.containerizer.ExitStatus;
import io.talus.agent.containerizer.FakeProcessLauncher;
import io.talus.agent.containerizer.FakeProcessLauncher.FakeProcess;
import io.talus.agent.master.MasterChannel;
import io.talus.membership.MembershipConfig;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.TaskGroupInfo;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.agent.AgentToMaster;
import io.talus.protocol.agent.MasterToAgent;
import io.talus.protocol.resources.Resources;
import io.talus.storage.InMemoryKeyValueStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent core driven by explicit inputs: master messages in, status updates out, with the fake
 * process launcher standing in for processes and an in-memory checkpoint that survives a
 * "restart" (a second core over the same store).
 */
class AgentCoreTest {

  private static final FrameworkInfo FRAMEWORK = FrameworkInfo.newBuilder().setUser("u").setName("f")
      .setId(FrameworkID.newBuilder().setValue("F1")).setCheckpoint(true).build();

  @TempDir Path workDir;

  private final InMemoryKeyValueStore store = new InMemoryKeyValueStore();
  private final FakeProcessLauncher launcher = new FakeProcessLauncher();
  private final List<AgentToMaster> sent = new CopyOnWriteArrayList<>();
  private AgentLoop loop;
  private AgentCore core;

  @AfterEach
  void stop() {
    if (loop != null) {
      loop.close();
    }
  }

  private AgentCore start() throws Exception {
    if (loop != null) {
      loop.close();
    }
    loop = new AgentLoop("test", e -> { throw new AssertionError("fatal", e); });
    AgentConfig config = AgentConfig.builder().workDir(workDir)
        .gossip(MembershipConfig.builder().host("127.0.0.1").port(0).build())
        .killGracePeriod(Duration.ofSeconds(2)).build();
    AgentInfo info = AgentInfo.newBuilder().setHostname("h").setPort(5051)
        .addAllResources(Resources.parse("cpus:4;mem:1024").toList()).build();
    core = new AgentCore(config, loop, AgentCheckpoint.over(store), launcher, "http://127.0.0.1:5051", "test",
        info, id -> { }, msg -> { }, Runnable::run);
    core.attach(new MasterChannel() {
      @Override
      public boolean send(AgentToMaster message) {
        sent.add(message);
        return true;
      }

      @Override
      public Optional<String> master() {
        return Optional.of("http://m");
      }

      @Override
      public void quietLimit(Duration limit) {}
    });
    loop.call(() -> {
      core.recover();
      return null;
    }, Duration.ofSeconds(5));
    return core;
  }

  private void register(boolean fresh) {
    MasterToAgent.Builder hello = MasterToAgent.newBuilder();
    AgentID id = AgentID.newBuilder().setValue("A1").build();
    if (fresh) {
      hello.setRegistered(MasterToAgent.Registered.newBuilder().setAgentId(id).setHeartbeatIntervalSeconds(60));
    } else {
      hello.setReregistered(MasterToAgent.Reregistered.newBuilder().setAgentId(id).setHeartbeatIntervalSeconds(60));
    }
    core.connected("http://m", hello.build());
    sync();
  }

  private void receive(MasterToAgent message) {
    core.received(message);
    sync();
  }

  /** Waits until the loop has done what is queued, and what that queued in turn (a launch's result). */
  private void sync() {
    for (int i = 0; i < 3; i++) {
      loop.call(() -> null, Duration.ofSeconds(5));
    }
  }

  private static TaskInfo command(String id, String cmd) {
    return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
        .setAgentId(AgentID.newBuilder().setValue("A1"))
        .addAllResources(Resources.parse("cpus:0.5;mem:64").toList())
        .setCommand(CommandInfo.newBuilder().setValue(cmd)).build();
  }

  private static MasterToAgent run(TaskInfo task) {
    return MasterToAgent.newBuilder().setRunTask(MasterToAgent.RunTask.newBuilder().setFramework(FRAMEWORK)
        .setTask(task)).build();
  }

  private List<TaskStatus> updates(String taskId) {
    return sent.stream().filter(AgentToMaster::hasStatusUpdate).map(m -> m.getStatusUpdate().getStatus())
        .filter(s -> s.getTaskId().getValue().equals(taskId)).toList();
  }

  private List<TaskState> states(String taskId) {
    return updates(taskId).stream().map(TaskStatus::getState).distinct().toList();
  }

  private void ack(TaskStatus status) {
    receive(MasterToAgent.newBuilder().setAcknowledgement(MasterToAgent.StatusUpdateAcknowledgement.newBuilder()
        .setFrameworkId(FRAMEWORK.getId()).setTaskId(status.getTaskId()).setUuid(status.getUuid())).build());
  }

  /** Acknowledges whatever head update of the task the agent sent last, until none is pending. */
  private void ackAll(String taskId) {
    for (int i = 0; i < 10; i++) {
      List<TaskStatus> u = updates(taskId);
      ack(u.get(u.size() - 1));
    }
  }

  @Test
  void commandTaskRunsToFinishedOneUpdateInFlightAtATime() throws Exception {
    start();
    register(true);
    receive(run(command("t1", "echo hi")));
    FakeProcess p = launcher.launched().get(0);
    assertThat(p.spec().argv()).containsExactly("/bin/sh", "-c", "echo hi");
    assertThat(p.spec().environment()).containsEntry("MESOS_TASK_ID", "t1")
        .containsEntry("MESOS_FRAMEWORK_ID", "F1").containsKey("MESOS_SANDBOX");
    assertThat(p.spec().limits().memoryBytes()).isEqualTo(64L * 1024 * 1024);
    // Only the head of the task's queue is in flight: STARTING until it is acknowledged.
    assertThat(states("t1")).containsExactly(TaskState.TASK_STARTING);
    ack(updates("t1").get(0));
    assertThat(states("t1")).containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
    p.exit(0);
    sync();
    ack(updates("t1").get(1));
    TaskStatus finished = updates("t1").get(2);
    assertThat(finished.getState()).isEqualTo(TaskState.TASK_FINISHED);
    assertThat(finished.getMessage()).isEqualTo("Command exited with status 0");
    assertThat(finished.getUuid().size()).isEqualTo(16);
    ack(finished);
    var view = core.view();
    assertThat(view.frameworks()).isEmpty();
    assertThat(view.completedFrameworks()).hasSize(1);
    assertThat(AgentCheckpoint.over(store).load().tasks()).isEmpty();
  }

  @Test
  void failedCommandReportsItsExitCode() throws Exception {
    start();
    register(true);
    receive(run(command("t1", "exit 3")));
    launcher.launched().get(0).exit(3);
    sync();
    ackAll("t1");
    TaskStatus last = updates("t1").get(updates("t1").size() - 1);
    assertThat(last.getState()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(last.getMessage()).contains("status 3");
  }

  @Test
  void aMemoryLimitKillIsAContainerLimitation() throws Exception {
    start();
    register(true);
    receive(run(command("t1", "hog")));
    launcher.launched().get(0).exit(new ExitStatus(java.util.OptionalInt.of(137), true));
    sync();
    ackAll("t1");
    TaskStatus last = updates("t1").get(updates("t1").size() - 1);
    assertThat(last.getState()).isEqualTo(TaskState.TASK_FAILED);
    assertThat(last.getReason()).isEqualTo(TaskStatus.Reason.REASON_CONTAINER_LIMITATION_MEMORY);
  }

  @Test
  void killUsesTheKillPolicyGraceAndEndsKilled() throws Exception {
    start();
    register(true);
    launcher.ignoreTerm(true);
    receive(run(command("t1", "sleep 100").toBuilder().setKillPolicy(io.talus.mesos.v1.Protos.KillPolicy.newBuilder()
        .setGracePeriod(io.talus.mesos.v1.Protos.DurationInfo.newBuilder().setNanoseconds(1_500_000_000L))).build()));
    FakeProcess p = launcher.launched().get(0);
    receive(MasterToAgent.newBuilder().setKillTask(MasterToAgent.KillTask.newBuilder()
        .setFrameworkId(FRAMEWORK.getId()).setTaskId(TaskID.newBuilder().setValue("t1"))).build());
    assertThat(p.kills()).containsExactly(Duration.ofMillis(1500));
    p.exit(137);
    sync();
    ackAll("t1");
    assertThat(states("t1")).endsWith(TaskState.TASK_KILLED);
  }

  @Test
  void aFailingTaskOfAGroupTakesTheOthersWithIt() throws Exception {
    start();
    register(true);
    launcher.ignoreTerm(true);
    ExecutorInfo executor = ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("E1"))
        .setType(ExecutorInfo.Type.DEFAULT).build();
    receive(MasterToAgent.newBuilder().setRunTaskGroup(MasterToAgent.RunTaskGroup.newBuilder().setFramework(FRAMEWORK)
        .setExecutor(executor).setTaskGroup(TaskGroupInfo.newBuilder()
            .addTasks(command("g1", "exit 1")).addTasks(command("g2", "sleep 100")))).build());
    assertThat(launcher.launched()).hasSize(2);
    assertThat(launcher.launched().get(1).spec().sandbox().toString()).endsWith("tasks/g2");
    launcher.launched().get(0).exit(1);
    sync();
    assertThat(launcher.launched().get(1).kills()).hasSize(1);
    launcher.launched().get(1).exit(143);
    sync();
    ackAll("g1");
    ackAll("g2");
    assertThat(states("g1")).endsWith(TaskState.TASK_FAILED);
    assertThat(states("g2")).endsWith(TaskState.TASK_KILLED);
  }

  @Test
  void restartTakesBackLiveTasksAndReportsTheOnesThatEndedWhileDown() throws Exception {
    start();
    register(true);
    receive(run(command("live", "sleep 100")));
    receive(run(command("ended", "exit 9")));
    long livePid = launcher.launched().get(0).pid();
    long endedPid = launcher.launched().get(1).pid();
    ackAll("live");
    // "ended" keeps an unacknowledged TASK_STARTING across the restart.
    TaskStatus pending = updates("ended").get(0);

    launcher.onRecover(livePid);
    launcher.onRecover(endedPid, ExitStatus.exited(9));
    int launchesBefore = launcher.launched().size();
    sent.clear();
    start();
    assertThat(core.agentId()).contains("A1");
    register(false);
    assertThat(launcher.launched()).hasSize(launchesBefore); // nothing relaunched
    // The unacknowledged update goes out again, with the same uuid.
    assertThat(updates("ended").get(0).getUuid()).isEqualTo(pending.getUuid());
    ackAll("ended");
    assertThat(updates("ended")).extracting(TaskStatus::getState).contains(TaskState.TASK_FAILED);
    assertThat(updates("ended").stream().filter(s -> s.getState() == TaskState.TASK_FAILED).findFirst()
        .orElseThrow().getMessage()).contains("status 9");
    assertThat(core.view().frameworks().get(0).executors()).extracting(e -> e.info().getExecutorId().getValue())
        .containsExactly("live");
  }

  @Test
  void reregistrationReportsEveryTaskItRuns() throws Exception {
    start();
    register(true);
    receive(run(command("t1", "sleep 100")));
    AgentToMaster hello = core.hello();
    assertThat(hello.hasReregister()).isTrue();
    assertThat(hello.getReregister().getAgentInfo().getId().getValue()).isEqualTo("A1");
    assertThat(hello.getReregister().getTasksList()).extracting(t -> t.getTask().getTaskId().getValue())
        .containsExactly("t1");
    assertThat(hello.getReregister().getFrameworksList()).containsExactly(FRAMEWORK);
    // RUNNING waits behind the unacknowledged STARTING: the master hears of STARTING, not RUNNING.
    assertThat(hello.getReregister().getTasks(0).getLatestStatus().getState()).isEqualTo(TaskState.TASK_STARTING);
  }
}
