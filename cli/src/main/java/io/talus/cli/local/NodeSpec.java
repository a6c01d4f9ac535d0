package io.talus.cli.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One node of a local cluster as planned: what it is, where it lives and the exact command line
 * that starts it (again, after a crash, on the same work dir).
 *
 * @param name the node's directory name under the cluster's directory; a master's Raft id
 * @param ports every port it listens on, by what it is for ("http", "raft", "gossip")
 * @param dir the node's directory: its {@code work} dir and {@code node.log}
 * @param resources the agent's {@code --resources}; empty for a master
 */
public record NodeSpec(Kind kind, String name, Map<String, Integer> ports, Path dir, List<String> argv,
    String resources) {

  /** Masters first, then agents: the order nodes start, are listed and (reversed) stop in. */
  public enum Kind { MASTER, AGENT }

  public NodeSpec {
    ports = Map.copyOf(ports);
    argv = List.copyOf(argv);
  }

  public int httpPort() {
    return ports.get("http");
  }

  /** The base URL of its HTTP API. */
  public String http() {
    return "http://" + LocalLayout.IP + ":" + httpPort();
  }

  public Path workDir() {
    return dir.resolve("work");
  }

  public Path log() {
    return dir.resolve("node.log");
  }

  public boolean master() {
    return kind == Kind.MASTER;
  }
}
