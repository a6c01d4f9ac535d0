package io.talus.agent.http;

import io.talus.agent.state.AgentView;
import io.talus.agent.state.ExecutorView;
import io.talus.agent.state.FrameworkView;
import io.talus.agent.state.TaskView;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.ExecutorInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.Label;
import io.talus.mesos.v1.Protos.Labels;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.resources.ResourceParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An agent {@code A1} at 10.0.0.5:5051 with 4 cpus, 8192 mem, 10000 disk, ports and 2 cpus
 * reserved for role {@code prod}, running:
 *
 * <ul>
 *   <li>framework F1 ("web", single role {@code *}) with a command executor {@code t1} (its task
 *       t1 RUNNING, 1 cpu / 128 mem; executor overhead 0.1 cpu / 32 mem) and a default executor
 *       {@code group} (task g1 STARTING, g2 KILLING and g3 queued, each 0.5 cpu / 64 mem; g0
 *       FINISHED), and a completed executor {@code old} (task t0 FAILED);
 *   <li>a completed framework F0.
 * </ul>
 */
final class SampleViews {

  static final FrameworkID F1 = FrameworkID.newBuilder().setValue("F1").build();

  private SampleViews() {}

  static AgentView agent() {
    return agent(Optional.of("A1"), true, false);
  }

  static AgentView agent(Optional<String> id, boolean registered, boolean recovering) {
    FrameworkInfo web = FrameworkInfo.newBuilder()
        .setId(F1).setUser("alice").setName("web").setHostname("sched.example")
        .setFailoverTimeout(60).setCheckpoint(true).setPrincipal("web-principal")
        .addCapabilities(FrameworkInfo.Capability.newBuilder()
            .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE))
        .build();
    ExecutorView command = new ExecutorView(
        executor("t1", "t1", ExecutorInfo.Type.CUSTOM, "cpus:0.1;mem:32"), "command", "C1",
        "/work/slaves/A1/frameworks/F1/executors/t1/runs/C1",
        List.of(task("t1", "cpus:1;mem:128", TaskState.TASK_RUNNING)), List.of(), List.of());
    ExecutorView group = new ExecutorView(
        executor("group", "pod", ExecutorInfo.Type.DEFAULT, "cpus:0.1;mem:32;disk:10"), "default",
        "C2", "/work/slaves/A1/frameworks/F1/executors/group/runs/C2",
        List.of(task("g1", "cpus:0.5;mem:64", TaskState.TASK_STARTING),
            task("g2", "cpus:0.5;mem:64", TaskState.TASK_KILLING)),
        List.of(task("g3", "cpus:0.5;mem:64", TaskState.TASK_STAGING)),
        List.of(task("g0", "cpus:0.5;mem:64", TaskState.TASK_FINISHED)));
    ExecutorView old = new ExecutorView(
        executor("old", "old", ExecutorInfo.Type.CUSTOM, "cpus:0.1;mem:32"), "custom", "C0",
        "/work/slaves/A1/frameworks/F1/executors/old/runs/C0",
        List.of(), List.of(), List.of(task("t0", "cpus:1", TaskState.TASK_FAILED)));
    FrameworkInfo gone = FrameworkInfo.newBuilder()
        .setId(FrameworkID.newBuilder().setValue("F0")).setUser("bob").setName("batch")
        .addRoles("a").addRoles("b")
        .addCapabilities(FrameworkInfo.Capability.newBuilder()
            .setType(FrameworkInfo.Capability.Type.MULTI_ROLE))
        .build();
    return new AgentView(
        id, "agent1.example", "10.0.0.5", 5051, "0.1.0-test", 1_000.5,
        ResourceParser.parseResources("cpus:4;mem:8192;disk:10000;ports:[31000-32000];cpus(prod):2"),
        ResourceParser.parseAttributes("rack:r1;level:3;slots:[1-4]"),
        Optional.of("http://10.0.0.1:5050/"), registered, recovering, "posix (no isolation)",
        "/work", Map.of("work_dir", "/work", "port", "5051"),
        List.of(new FrameworkView(web, List.of(command, group), List.of(old))),
        List.of(new FrameworkView(gone, List.of(), List.of())),
        new AgentView.Counters(3, 1, 2, 4, 10, 1, 5, 2, 6, 7));
  }

  static ExecutorInfo executor(String id, String name, ExecutorInfo.Type type, String resources) {
    return ExecutorInfo.newBuilder()
        .setExecutorId(ExecutorID.newBuilder().setValue(id))
        .setFrameworkId(F1)
        .setName(name)
        .setSource("src-" + id)
        .setType(type)
        .setCommand(CommandInfo.newBuilder().setValue("run " + id))
        .addAllResources(ResourceParser.parseResources(resources))
        .build();
  }

  static TaskView task(String id, String resources, TaskState state) {
    List<Resource> rs = new ArrayList<>();
    for (Resource r : ResourceParser.parseResources(resources)) {
      rs.add(r.toBuilder().setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("*")).build());
    }
    TaskInfo info = TaskInfo.newBuilder()
        .setName("task " + id)
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setAgentId(AgentID.newBuilder().setValue("A1"))
        .addAllResources(rs)
        .setCommand(CommandInfo.newBuilder().setValue("sleep 1000").setUser("nobody"))
        .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("tier").setValue("web")))
        .build();
    List<TaskStatus> statuses = new ArrayList<>();
    statuses.add(status(id, TaskState.TASK_STAGING, 1_001.0));
    if (state != TaskState.TASK_STAGING) {
      statuses.add(status(id, state, 1_002.0));
    }
    return new TaskView(F1, info, state, statuses, OptionalLong.of(4242));
  }

  private static TaskStatus status(String id, TaskState state, double timestamp) {
    return TaskStatus.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue(id))
        .setState(state)
        .setTimestamp(timestamp)
        .build();
  }
}
