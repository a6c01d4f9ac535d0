package io.talus.cli.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Waits until a starting local cluster is usable: a leader is elected (a master names it, and the
 * leader's own {@code /master/state} agrees), and every agent is registered (its {@code
 * /state} says so and the leader lists it as active). Fails as soon as a node exits.
 */
final class Readiness {

  private static final long POLL_MILLIS = 250;

  private Readiness() {}

  /** Why the cluster did not come up, and the nodes whose logs tell more. */
  static final class StartFailure extends Exception {

    private final List<LocalNode> nodes;

    StartFailure(String message, List<LocalNode> nodes) {
      super(message);
      this.nodes = List.copyOf(nodes);
    }

    List<LocalNode> nodes() {
      return nodes;
    }
  }

  /**
   * Waits until every master listens for gossip. Agents are started after that: an agent whose
   * first gossip sync finds no seed only retries at the next periodic sync, seconds later.
   *
   * @return false when {@code stopRequested} turned true first
   */
  static boolean awaitGossip(List<LocalNode> masters, Duration timeout, BooleanSupplier stopRequested)
      throws StartFailure {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!stopRequested.getAsBoolean()) {
      failIfExited(masters);
      List<LocalNode> closed = masters.stream().filter(m -> !listening(m.spec().ports().get("gossip"))).toList();
      if (closed.isEmpty()) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        LocalNode master = closed.get(0);
        throw new StartFailure(master.spec().name() + " did not listen for gossip on port "
            + master.spec().ports().get("gossip") + " within " + timeout.toSeconds() + "s", List.of(master));
      }
      if (!pause()) {
        return false;
      }
    }
    return false;
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(LocalLayout.IP, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void failIfExited(List<LocalNode> nodes) throws StartFailure {
    for (LocalNode node : nodes) {
      Optional<Integer> exit = node.exitCode();
      if (exit.isPresent()) {
        throw new StartFailure(node.spec().name() + " exited with code " + exit.get(), List.of(node));
      }
    }
  }

  /** @return false when interrupted */
  private static boolean pause() {
    try {
      Thread.sleep(POLL_MILLIS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * @return the leading master, with every agent's {@link LocalNode#agentId} set; empty when
   *     {@code stopRequested} turned true first
   */
  static Optional<LocalNode> await(List<LocalNode> nodes, Duration timeout, BooleanSupplier stopRequested)
      throws StartFailure {
    List<LocalNode> masters = nodes.stream().filter(n -> n.spec().master()).toList();
    List<LocalNode> agents = nodes.stream().filter(n -> !n.spec().master()).toList();
    long deadline = System.nanoTime() + timeout.toNanos();
    Optional<Leader> leader = Optional.empty();
    while (!stopRequested.getAsBoolean()) {
      failIfExited(nodes);
      leader = leader(masters);
      agents.stream().filter(a -> a.agentId() == null).forEach(Readiness::readAgentId);
      if (leader.isPresent() && agents.stream().allMatch(a -> a.agentId() != null)
          && leader.get().activeAgents().containsAll(agents.stream().map(LocalNode::agentId).toList())) {
        return Optional.of(leader.get().node());
      }
      if (System.nanoTime() > deadline) {
        throw timedOut(timeout, masters, agents, leader);
      }
      if (!pause()) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private record Leader(LocalNode node, Set<String> activeAgents) {}

  /**
   * The leader as some master's {@code /master/redirect} names it, once the leader's own {@code
   * /master/state} agrees that it leads. The redirect, not the state, is asked of every master: it
   * answers 503 until the master knows a leader, where its state may not be servable yet.
   */
  private static Optional<Leader> leader(List<LocalNode> masters) {
    for (LocalNode master : masters) {
      Optional<LocalNode> named = redirect(master).flatMap(port -> masters.stream()
          .filter(m -> m.spec().httpPort() == port).findFirst());
      if (named.isEmpty()) {
        continue;
      }
      Optional<JsonNode> state = NodeHttp.json(named.get().spec().http() + "/master/state");
      if (state.isPresent() && state.get().path("leader_info").path("id").asText("?")
          .equals(state.get().path("id").asText())) {
        Set<String> active = new HashSet<>();
        state.get().path("slaves").forEach(s -> {
          if (s.path("active").asBoolean()) {
            active.add(s.path("id").asText());
          }
        });
        return Optional.of(new Leader(named.get(), active));
      }
    }
    return Optional.empty();
  }

  /** The leader's HTTP port, from the {@code Location: //host:port} of a 307. */
  private static Optional<Integer> redirect(LocalNode master) {
    try {
      NodeHttp.Reply r = NodeHttp.get(master.spec().http() + "/master/redirect");
      return r.status() == 307
          ? r.location().map(l -> URI.create(master.spec().http()).resolve(l).getPort()).filter(p -> p > 0)
          : Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static void readAgentId(LocalNode agent) {
    NodeHttp.json(agent.spec().http() + "/state")
        .filter(s -> s.path("registered").asBoolean() && !s.path("recovering").asBoolean() && s.has("id"))
        .ifPresent(s -> agent.agentId(s.get("id").asText()));
  }

  private static StartFailure timedOut(Duration timeout, List<LocalNode> masters, List<LocalNode> agents,
      Optional<Leader> leader) {
    String within = " within " + timeout.toSeconds() + "s";
    if (leader.isEmpty()) {
      return new StartFailure("no leader was elected" + within, masters);
    }
    for (LocalNode agent : agents) {
      if (agent.agentId() == null) {
        return new StartFailure("agent " + agent.spec().name() + " did not register" + within, List.of(agent));
      }
      if (!leader.get().activeAgents().contains(agent.agentId())) {
        return new StartFailure("the leader " + leader.get().node().spec().name() + " does not list agent "
            + agent.spec().name() + " (" + agent.agentId() + ") as active" + within,
            List.of(agent, leader.get().node()));
      }
    }
    return new StartFailure("the cluster did not become ready" + within, masters);
  }
}
