package io.talus.master.state;

import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.protocol.registry.AgentRecord;

/**
 * An agent's HTTP endpoint as the registry holds it (a base URL such as {@code
 * http://10.0.0.11:5051/}, or {@code host:port}) in the forms Mesos shows: {@code host:port} and
 * the libprocess pid {@code slave(1)@host:port}.
 */
public final class AgentEndpoints {

  private AgentEndpoints() {}

  /** {@code host:port} of an endpoint, without scheme or path; empty for an empty endpoint. */
  public static String hostPort(String endpoint) {
    String e = endpoint == null ? "" : endpoint.trim();
    int scheme = e.indexOf("://");
    if (scheme >= 0) {
      e = e.substring(scheme + 3);
    }
    int path = e.indexOf('/');
    return path >= 0 ? e.substring(0, path) : e;
  }

  /** {@code host:port} of the agent: its endpoint, else its AgentInfo's hostname and port. */
  public static String hostPort(AgentRecord record) {
    String hostPort = hostPort(record.getEndpoint());
    if (hostPort.isEmpty()) {
      AgentInfo info = record.getInfo();
      hostPort = info.getHostname() + ":" + info.getPort();
    }
    return hostPort;
  }

  /** Mesos's agent pid, {@code slave(1)@host:port}. */
  public static String pid(AgentRecord record) {
    return "slave(1)@" + hostPort(record);
  }
}
