package io.talus.cli.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Finds the ports of a planned cluster that something else already listens on. */
final class PortCheck {

  private PortCheck() {}

  /** One line per taken port, e.g. {@code 5050 (m1 http)}; empty when all are free. */
  static List<String> taken(List<NodeSpec> nodes) {
    List<String> taken = new ArrayList<>();
    for (NodeSpec node : nodes) {
      for (Map.Entry<String, Integer> port : node.ports().entrySet()) {
        if (!free(port.getValue())) {
          taken.add(port.getValue() + " (" + node.name() + " " + port.getKey() + ")");
        }
      }
    }
    return taken;
  }

  /** Whether a TCP listener could bind it now on the cluster's address. */
  static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      // Without this a port in TIME_WAIT counts as free, which it is for the nodes too; with it, a
      // listener on the wildcard address is still seen.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(LocalLayout.IP), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
