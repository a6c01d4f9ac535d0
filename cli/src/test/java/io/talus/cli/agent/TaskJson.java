package io.talus.cli.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talus.master.testing.Http;
import java.util.List;
import java.util.Map;

/** TaskInfo JSON as a framework writes it (Mesos v1 field names), for the tasks these tests launch. */
final class TaskJson {

  private TaskJson() {}

  /** A command task: {@code /bin/sh -c command} under the agent's command executor. */
  static String command(String taskId, String agentId, String command) {
    ObjectNode task = base(taskId, agentId);
    task.putObject("command").put("value", command);
    return task.toString();
  }

  /**
   * A task for a custom executor that runs {@code argv} (no shell) with {@code environment};
   * the executor gets resources of its own, enough for a small JVM.
   */
  static String withExecutor(String taskId, String agentId, String executorId, List<String> argv,
      Map<String, String> environment) {
    ObjectNode task = base(taskId, agentId);
    ObjectNode executor = task.putObject("executor");
    executor.putObject("executor_id").put("value", executorId);
    executor.put("name", "test executor " + executorId);
    executor.set("resources", resources(1.0, 512));
    ObjectNode command = executor.putObject("command");
    command.put("shell", false);
    command.put("value", argv.get(0));
    ArrayNode arguments = command.putArray("arguments");
    argv.forEach(arguments::add);
    ArrayNode variables = command.putObject("environment").putArray("variables");
    environment.forEach((k, v) -> variables.addObject().put("name", k).put("value", v));
    return task.toString();
  }

  private static ObjectNode base(String taskId, String agentId) {
    ObjectNode task = Http.MAPPER.createObjectNode();
    task.put("name", taskId);
    task.putObject("task_id").put("value", taskId);
    task.putObject("agent_id").put("value", agentId);
    task.set("resources", resources(0.1, 32));
    return task;
  }

  private static ArrayNode resources(double cpus, double mem) {
    ArrayNode resources = Http.MAPPER.createArrayNode();
    resources.addObject().put("name", "cpus").put("type", "SCALAR").putObject("scalar").put("value", cpus);
    resources.addObject().put("name", "mem").put("type", "SCALAR").putObject("scalar").put("value", mem);
    return resources;
  }
}
