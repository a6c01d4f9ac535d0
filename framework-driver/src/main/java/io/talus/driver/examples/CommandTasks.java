package io.talus.driver.examples;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskInfo;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.List;

/** Command tasks and the offers they fit in. */
public final class CommandTasks {

  private CommandTasks() {}

  /**
   * A task run by the agent's command executor as {@code /bin/sh -c command}. Its resources carry
   * no {@code allocation_info}: the master labels them with the framework's one role.
   */
  public static TaskInfo shell(
      TaskID taskId, String name, AgentID agentId, Resources resources, String command) {
    List<Resource> list = new ArrayList<>();
    resources.forEach(list::add);
    return TaskInfo.newBuilder()
        .setName(name)
        .setTaskId(taskId)
        .setAgentId(agentId)
        .addAllResources(list)
        .setCommand(CommandInfo.newBuilder().setShell(true).setValue(command))
        .build();
  }

  /**
   * What an offer holds, without the {@code allocation_info} the master labels offered resources
   * with, so that resources parsed from a flag can be compared with it.
   */
  public static Resources offered(Offer offer) {
    List<Resource> list = new ArrayList<>();
    for (Resource r : offer.getResourcesList()) {
      list.add(r.toBuilder().clearAllocationInfo().build());
    }
    return Resources.of(list);
  }
}
