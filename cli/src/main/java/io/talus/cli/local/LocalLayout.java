package io.talus.cli.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where every node of a local cluster listens and how it is started, derived from the base port
 * alone so that a cluster started twice with the same flags looks the same (and its nodes find
 * their work dirs again).
 *
 * <pre>
 *   masters  HTTP base+i          Raft base+1000+i      gossip base+2000+i     (i &lt; 10)
 *   agents   HTTP base+10+j       gossip base+2010+j                           (j &lt; 100)
 *            task ports [31000+100j, 31099+100j]
 * </pre>
 */
public final class LocalLayout {

  public static final String IP = "127.0.0.1";
  public static final int MAX_MASTERS = 10;
  public static final int MAX_AGENTS = 100;
  static final int RAFT_OFFSET = 1000;
  static final int GOSSIP_OFFSET = 2000;
  static final int TASK_PORTS = 31000;
  static final int TASK_PORTS_PER_AGENT = 100;

  private LocalLayout() {}

  /**
   * The nodes, masters first.
   *
   * @param dir the cluster's directory (absolute)
   * @param launcher {@code java [options] -cp ... MainClass}: what precedes {@code master} or {@code agent}
   * @throws IllegalArgumentException for counts or a base port the layout cannot hold
   */
  public static List<NodeSpec> plan(int masters, int agents, int basePort, Path dir, List<String> launcher) {
    validate(masters, agents, basePort);
    List<NodeSpec> nodes = new ArrayList<>();
    Map<String, String> raftPeers = new LinkedHashMap<>();
    List<String> masterGossip = new ArrayList<>();
    for (int i = 0; i < masters; i++) {
      raftPeers.put(masterName(i), IP + ":" + (basePort + RAFT_OFFSET + i));
      masterGossip.add(IP + ":" + (basePort + GOSSIP_OFFSET + i));
    }
    String peers = raftPeers.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
    String seeds = String.join(",", masterGossip);
    for (int i = 0; i < masters; i++) {
      String name = masterName(i);
      Path nodeDir = dir.resolve(name);
      Map<String, Integer> ports = ports(basePort + i, basePort + RAFT_OFFSET + i, basePort + GOSSIP_OFFSET + i);
      List<String> argv = new ArrayList<>(launcher);
      argv.addAll(List.of("master", "--id", name, "--ip", IP, "--port", Integer.toString(ports.get("http")),
          "--work_dir", nodeDir.resolve("work").toString(),
          "--raft_peers", peers, "--raft_port", Integer.toString(ports.get("raft")),
          "--gossip_port", Integer.toString(ports.get("gossip")), "--gossip_seeds", seeds));
      nodes.add(new NodeSpec(NodeSpec.Kind.MASTER, name, ports, nodeDir, argv, ""));
    }
    for (int j = 0; j < agents; j++) {
      String name = "a" + (j + 1);
      Path nodeDir = dir.resolve(name);
      int http = basePort + MAX_MASTERS + j;
      Map<String, Integer> ports = ports(http, null, http + GOSSIP_OFFSET);
      String resources = agentResources(j);
      List<String> argv = new ArrayList<>(launcher);
      argv.addAll(List.of("agent", "--ip", IP, "--port", Integer.toString(http),
          "--work_dir", nodeDir.resolve("work").toString(),
          "--resources", resources,
          "--gossip_port", Integer.toString(ports.get("gossip")), "--gossip_seeds", seeds));
      nodes.add(new NodeSpec(NodeSpec.Kind.AGENT, name, ports, nodeDir, argv, resources));
    }
    return nodes;
  }

  /** Modest resources, with a port range of its own so that two agents never offer the same port. */
  static String agentResources(int j) {
    int first = TASK_PORTS + TASK_PORTS_PER_AGENT * j;
    return "cpus:2;mem:2048;disk:10000;ports:[" + first + "-" + (first + TASK_PORTS_PER_AGENT - 1) + "]";
  }

  static void validate(int masters, int agents, int basePort) {
    if (masters < 1 || masters > MAX_MASTERS) {
      throw new IllegalArgumentException("--masters must be between 1 and " + MAX_MASTERS + ", not " + masters);
    }
    if (agents < 0 || agents > MAX_AGENTS) {
      throw new IllegalArgumentException("--agents must be between 0 and " + MAX_AGENTS + ", not " + agents);
    }
    int highest = basePort + GOSSIP_OFFSET + MAX_MASTERS + Math.max(agents - 1, 0);
    if (basePort < 1024 || highest > 65535) {
      throw new IllegalArgumentException("--base-port " + basePort + " puts ports outside 1024-65535 (the"
          + " cluster uses up to base+" + (highest - basePort) + ")");
    }
    int tasksFrom = TASK_PORTS;
    int tasksTo = TASK_PORTS + TASK_PORTS_PER_AGENT * agents - 1;
    if (agents > 0 && basePort <= tasksTo && highest >= tasksFrom) {
      throw new IllegalArgumentException("--base-port " + basePort + " overlaps the agents' task ports "
          + tasksFrom + "-" + tasksTo + "; pick one below " + (tasksFrom - (highest - basePort)) + " or above "
          + tasksTo);
    }
  }

  private static String masterName(int i) {
    return "m" + (i + 1);
  }

  private static Map<String, Integer> ports(int http, Integer raft, int gossip) {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("http", http);
    if (raft != null) {
      ports.put("raft", raft);
    }
    ports.put("gossip", gossip);
    return ports;
  }
}
