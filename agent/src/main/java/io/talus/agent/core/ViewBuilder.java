package io.talus.agent.core;

import io.talus.agent.state.AgentView;
import io.talus.agent.state.ExecutorView;
import io.talus.agent.state.FrameworkView;
import io.talus.agent.state.TaskView;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.protocol.agent.CheckpointedExecutor.Kind;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Builds the immutable {@link AgentView} from the loop's state. */
final class ViewBuilder {

  private ViewBuilder() {}

  static AgentView build(AgentState s, double startTimeSeconds) {
    List<FrameworkView> frameworks = new ArrayList<>();
    for (Map.Entry<String, FrameworkInfo> f : s.frameworks.entrySet()) {
      List<ExecutorView> executors = s.executors.getOrDefault(f.getKey(), Map.of()).values().stream()
          .map(ViewBuilder::executor).toList();
      frameworks.add(new FrameworkView(f.getValue(), executors, completedExecutors(s, f.getKey())));
    }
    List<FrameworkView> completed = s.completedFrameworks.stream()
        .map(f -> new FrameworkView(f, List.of(), completedExecutors(s, f.getId().getValue()))).toList();
    java.net.URI uri = java.net.URI.create(s.endpoint);
    return new AgentView(s.agentId(), s.agentInfo.getHostname(), uri.getHost(), uri.getPort(), s.version,
        startTimeSeconds, s.agentInfo.getResourcesList(), s.agentInfo.getAttributesList(),
        s.link == null ? Optional.empty() : s.link.master(), s.registered, s.recovering, s.launcher.isolation(),
        s.config.workDir().toString(), s.config.flags(), frameworks, completed, s.counters());
  }

  private static List<ExecutorView> completedExecutors(AgentState s, String frameworkId) {
    Deque<ExecutorRun> done = s.completedExecutors.get(frameworkId);
    return done == null ? List.of() : done.stream().map(ViewBuilder::executor).toList();
  }

  private static ExecutorView executor(ExecutorRun e) {
    List<TaskView> live = new ArrayList<>();
    List<TaskView> queued = new ArrayList<>();
    for (TaskRun t : e.tasks.values()) {
      boolean isQueued = e.kind == Kind.CUSTOM && !t.sentToExecutor && !t.terminal();
      (isQueued ? queued : live).add(task(t));
    }
    List<TaskView> completed = e.completed.stream().map(ViewBuilder::task).toList();
    return new ExecutorView(e.info, e.kind.name().toLowerCase(Locale.ROOT), e.containerId, e.directory.toString(),
        live, queued, completed);
  }

  private static TaskView task(TaskRun t) {
    return new TaskView(t.frameworkId, t.info, t.state(), t.statuses,
        t.process == null ? OptionalLong.empty() : OptionalLong.of(t.process.pid()));
  }
}
