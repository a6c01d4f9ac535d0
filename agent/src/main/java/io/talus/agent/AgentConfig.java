package io.talus.agent;

import io.talus.membership.MembershipConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@code talus agent} is started with.
 *
 * @param ip the address the HTTP server binds and advertises
 * @param port the HTTP port (Mesos's default 5051; 0 picks a free one)
 * @param hostname AgentInfo.hostname
 * @param workDir sandboxes and the checkpoint live here
 * @param resources Mesos {@code --resources} text; empty = detected from the machine
 * @param attributes Mesos {@code --attributes} text
 * @param gossip how to join the cluster's gossip
 * @param masters master base URLs to try when gossip names no leader (usually empty)
 * @param isolation "auto", "cgroups" or "none"
 * @param cgroupsRoot the cgroup under which containers get theirs
 * @param statusUpdateRetryMin first retry interval of an unacknowledged status update
 * @param statusUpdateRetryMax the retry interval's cap
 * @param executorRegistrationTimeout how long a new custom executor may take to subscribe
 * @param executorReregistrationTimeout after a restart, how long a live executor may take to
 *     subscribe again before it is killed
 * @param executorShutdownGracePeriod between SHUTDOWN to an executor and killing its process
 * @param killGracePeriod a task's SIGTERM-to-SIGKILL grace when no kill policy says otherwise
 * @param recoveryTimeout MESOS_RECOVERY_TIMEOUT given to executors
 * @param flags the flags as given on the command line, for {@code /state}
 */
public record AgentConfig(
    String ip,
    int port,
    String hostname,
    Path workDir,
    String resources,
    String attributes,
    MembershipConfig gossip,
    List<String> masters,
    String isolation,
    String cgroupsRoot,
    Duration statusUpdateRetryMin,
    Duration statusUpdateRetryMax,
    Duration executorRegistrationTimeout,
    Duration executorReregistrationTimeout,
    Duration executorShutdownGracePeriod,
    Duration killGracePeriod,
    Duration recoveryTimeout,
    Map<String, String> flags) {

  public AgentConfig {
    Objects.requireNonNull(ip, "ip");
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(gossip, "gossip");
    masters = List.copyOf(masters);
    flags = Map.copyOf(flags);
    if (!List.of("auto", "cgroups", "none").contains(isolation)) {
      throw new IllegalArgumentException("--isolation must be auto, cgroups or none, not " + isolation);
    }
  }

  public Optional<String> resourcesText() {
    return resources == null || resources.isBlank() ? Optional.empty() : Optional.of(resources);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.ip = ip;
    b.port = port;
    b.hostname = hostname;
    b.workDir = workDir;
    b.resources = resources;
    b.attributes = attributes;
    b.gossip = gossip;
    b.masters = masters;
    b.isolation = isolation;
    b.cgroupsRoot = cgroupsRoot;
    b.statusUpdateRetryMin = statusUpdateRetryMin;
    b.statusUpdateRetryMax = statusUpdateRetryMax;
    b.executorRegistrationTimeout = executorRegistrationTimeout;
    b.executorReregistrationTimeout = executorReregistrationTimeout;
    b.executorShutdownGracePeriod = executorShutdownGracePeriod;
    b.killGracePeriod = killGracePeriod;
    b.recoveryTimeout = recoveryTimeout;
    b.flags = flags;
    return b;
  }

  /** Defaults follow the Mesos agent's where it has the same setting. */
  public static final class Builder {
    private String ip = "127.0.0.1";
    private int port = 5051;
    private String hostname;
    private Path workDir;
    private String resources = "";
    private String attributes = "";
    private MembershipConfig gossip;
    private List<String> masters = List.of();
    private String isolation = "auto";
    private String cgroupsRoot = "talus";
    private Duration statusUpdateRetryMin = Duration.ofSeconds(10);
    private Duration statusUpdateRetryMax = Duration.ofMinutes(10);
    private Duration executorRegistrationTimeout = Duration.ofMinutes(1);
    private Duration executorReregistrationTimeout = Duration.ofSeconds(10);
    private Duration executorShutdownGracePeriod = Duration.ofSeconds(5);
    private Duration killGracePeriod = Duration.ofSeconds(3);
    private Duration recoveryTimeout = Duration.ofMinutes(15);
    private Map<String, String> flags = Map.of();

    public Builder ip(String v) { ip = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder hostname(String v) { hostname = v; return this; }
    public Builder workDir(Path v) { workDir = v; return this; }
    public Builder resources(String v) { resources = v; return this; }
    public Builder attributes(String v) { attributes = v; return this; }
    public Builder gossip(MembershipConfig v) { gossip = v; return this; }
    public Builder masters(List<String> v) { masters = v; return this; }
    public Builder isolation(String v) { isolation = v; return this; }
    public Builder cgroupsRoot(String v) { cgroupsRoot = v; return this; }
    public Builder statusUpdateRetryMin(Duration v) { statusUpdateRetryMin = v; return this; }
    public Builder statusUpdateRetryMax(Duration v) { statusUpdateRetryMax = v; return this; }
    public Builder executorRegistrationTimeout(Duration v) { executorRegistrationTimeout = v; return this; }
    public Builder executorReregistrationTimeout(Duration v) { executorReregistrationTimeout = v; return this; }
    public Builder executorShutdownGracePeriod(Duration v) { executorShutdownGracePeriod = v; return this; }
    public Builder killGracePeriod(Duration v) { killGracePeriod = v; return this; }
    public Builder recoveryTimeout(Duration v) { recoveryTimeout = v; return this; }
    public Builder flags(Map<String, String> v) { flags = v; return this; }

    public AgentConfig build() {
      return new AgentConfig(ip, port, hostname == null ? ip : hostname, workDir, resources, attributes,
          gossip, masters, isolation, cgroupsRoot, statusUpdateRetryMin, statusUpdateRetryMax,
          executorRegistrationTimeout, executorReregistrationTimeout, executorShutdownGracePeriod,
          killGracePeriod, recoveryTimeout, flags);
    }
  }
}
