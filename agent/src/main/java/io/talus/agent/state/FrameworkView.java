package io.talus.agent.state;

import io.talus.mesos.v1.Protos.FrameworkInfo;
import java.util.List;

/** A framework on the agent, with its running and completed executors. */
public record FrameworkView(
    FrameworkInfo info, List<ExecutorView> executors, List<ExecutorView> completedExecutors) {

  public FrameworkView {
    executors = List.copyOf(executors);
    completedExecutors = List.copyOf(completedExecutors);
  }
}
