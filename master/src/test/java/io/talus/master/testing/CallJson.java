package io.talus.master.testing;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Scheduler calls as hand-written Mesos v1 JSON, the way a framework in any language writes them
 * (field names from scheduler.proto, enums by name, bytes in base64).
 */
public final class CallJson {

  private CallJson() {}

  /** SUBSCRIBE of a new framework (no id). */
  public static String subscribe(String name, double failoverTimeoutSeconds, String... capabilities) {
    return subscribe(name, null, failoverTimeoutSeconds, capabilities);
  }

  /** SUBSCRIBE; with a framework id it is a resubscription (failover) of that framework. */
  public static String subscribe(String name, String frameworkId, double failoverTimeoutSeconds,
      String... capabilities) {
    String caps = List.of(capabilities).stream()
        .map(c -> "{\"type\":\"" + c + "\"}")
        .collect(Collectors.joining(","));
    String id = frameworkId == null ? "" : "\"id\":{\"value\":\"" + frameworkId + "\"},";
    String callId = frameworkId == null ? "" : "\"framework_id\":{\"value\":\"" + frameworkId + "\"},";
    return """
        {%s"type":"SUBSCRIBE","subscribe":{"framework_info":{%s"user":"tester","name":"%s",\
        "failover_timeout":%s,"capabilities":[%s]}}}"""
        .formatted(callId, id, name, failoverTimeoutSeconds, caps);
  }

  /** One command task; {@code labels} become TaskInfo labels (FakeAgent reads some of them). */
  public static String task(String taskId, String agentId, double cpus, double mem, Map<String, String> labels) {
    String labelJson = labels.entrySet().stream()
        .map(e -> "{\"key\":\"" + e.getKey() + "\",\"value\":\"" + e.getValue() + "\"}")
        .collect(Collectors.joining(","));
    return """
        {"name":"%s","task_id":{"value":"%s"},"agent_id":{"value":"%s"},\
        "resources":[{"name":"cpus","type":"SCALAR","scalar":{"value":%s}},\
        {"name":"mem","type":"SCALAR","scalar":{"value":%s}}],\
        "command":{"value":"sleep 1000"},"labels":{"labels":[%s]}}"""
        .formatted(taskId, taskId, agentId, cpus, mem, labelJson);
  }

  public static String task(String taskId, String agentId) {
    return task(taskId, agentId, 0.1, 32, Map.of());
  }

  /** ACCEPT with one LAUNCH of {@code tasks} (TaskInfo JSON). */
  public static String acceptLaunch(String frameworkId, List<String> offerIds, List<String> tasks) {
    return acceptLaunch(frameworkId, offerIds, tasks, null);
  }

  /** ACCEPT with one LAUNCH; what it leaves unused is refused for {@code refuseSeconds} (null: 5). */
  public static String acceptLaunch(String frameworkId, List<String> offerIds, List<String> tasks,
      Double refuseSeconds) {
    String filters = refuseSeconds == null ? "" : ",\"filters\":{\"refuse_seconds\":" + refuseSeconds + "}";
    return """
        {"framework_id":{"value":"%s"},"type":"ACCEPT","accept":{"offer_ids":[%s],\
        "operations":[{"type":"LAUNCH","launch":{"task_infos":[%s]}}]%s}}"""
        .formatted(frameworkId, ids(offerIds), String.join(",", tasks), filters);
  }

  /** DECLINE; {@code refuseSeconds} null leaves the filters out (Mesos's default of 5 s). */
  public static String decline(String frameworkId, List<String> offerIds, Double refuseSeconds) {
    String filters = refuseSeconds == null ? "" : ",\"filters\":{\"refuse_seconds\":" + refuseSeconds + "}";
    return """
        {"framework_id":{"value":"%s"},"type":"DECLINE","decline":{"offer_ids":[%s]%s}}"""
        .formatted(frameworkId, ids(offerIds), filters);
  }

  public static String acknowledge(String frameworkId, String agentId, String taskId, String uuidBase64) {
    return """
        {"framework_id":{"value":"%s"},"type":"ACKNOWLEDGE","acknowledge":{"agent_id":{"value":"%s"},\
        "task_id":{"value":"%s"},"uuid":"%s"}}"""
        .formatted(frameworkId, agentId, taskId, uuidBase64);
  }

  /** RECONCILE of these task ids (task id to agent id, which may be null); none = implicit. */
  public static String reconcile(String frameworkId, Map<String, String> tasks) {
    String list = tasks.entrySet().stream()
        .map(e -> "{\"task_id\":{\"value\":\"" + e.getKey() + "\"}"
            + (e.getValue() == null ? "" : ",\"agent_id\":{\"value\":\"" + e.getValue() + "\"}") + "}")
        .collect(Collectors.joining(","));
    return """
        {"framework_id":{"value":"%s"},"type":"RECONCILE","reconcile":{"tasks":[%s]}}"""
        .formatted(frameworkId, list);
  }

  public static String kill(String frameworkId, String taskId, String agentId) {
    return """
        {"framework_id":{"value":"%s"},"type":"KILL","kill":{"task_id":{"value":"%s"},\
        "agent_id":{"value":"%s"}}}"""
        .formatted(frameworkId, taskId, agentId);
  }

  public static String message(String frameworkId, String agentId, String executorId, String dataBase64) {
    return """
        {"framework_id":{"value":"%s"},"type":"MESSAGE","message":{"agent_id":{"value":"%s"},\
        "executor_id":{"value":"%s"},"data":"%s"}}"""
        .formatted(frameworkId, agentId, executorId, dataBase64);
  }

  public static String suppress(String frameworkId) {
    return "{\"framework_id\":{\"value\":\"" + frameworkId + "\"},\"type\":\"SUPPRESS\",\"suppress\":{}}";
  }

  public static String revive(String frameworkId) {
    return "{\"framework_id\":{\"value\":\"" + frameworkId + "\"},\"type\":\"REVIVE\",\"revive\":{}}";
  }

  public static String teardown(String frameworkId) {
    return "{\"framework_id\":{\"value\":\"" + frameworkId + "\"},\"type\":\"TEARDOWN\"}";
  }

  private static String ids(List<String> offerIds) {
    return offerIds.stream().map(id -> "{\"value\":\"" + id + "\"}").collect(Collectors.joining(","));
  }
}
