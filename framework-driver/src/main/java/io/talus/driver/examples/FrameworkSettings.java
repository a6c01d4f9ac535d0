package io.talus.driver.examples;

import io.talus.mesos.v1.Protos.Filters;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.protocol.resources.Resources;
import java.time.Duration;
import java.util.Objects;

/**
 * What an example framework is called and how it behaves towards the master.
 *
 * @param name the framework's name, also the prefix of its task IDs
 * @param role the role it subscribes with ({@code *} for none)
 * @param taskResources what each task asks for, e.g. {@code cpus:0.1;mem:32}
 * @param failoverTimeout how long the master keeps the framework and its tasks while it is
 *     disconnected; above zero, or a master failover removes the framework before it resubscribes
 * @param refuseOffers how long an offer the framework declines is not offered again
 * @param reconcileInterval how often the framework reconciles the tasks it has not seen end, as a
 *     safety net under the reconciliation it does after every resubscription
 */
public record FrameworkSettings(
    String name,
    String role,
    Resources taskResources,
    Duration failoverTimeout,
    Duration refuseOffers,
    Duration reconcileInterval) {

  public FrameworkSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(taskResources, "taskResources");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a framework needs a name");
    }
    if (taskResources.isEmpty()) {
      throw new IllegalArgumentException("a task needs resources");
    }
    notNegative(failoverTimeout, "failoverTimeout");
    notNegative(refuseOffers, "refuseOffers");
    if (reconcileInterval.isNegative() || reconcileInterval.isZero()) {
      throw new IllegalArgumentException("reconcileInterval must be positive");
    }
  }

  /** Role {@code *}, tasks of {@code cpus:0.1;mem:32}, a 1 h failover timeout, 5 s refusals. */
  public static FrameworkSettings named(String name) {
    return new FrameworkSettings(
        name,
        "*",
        Resources.parse("cpus:0.1;mem:32"),
        Duration.ofHours(1),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30));
  }

  public FrameworkSettings withRole(String newRole) {
    return new FrameworkSettings(
        name, newRole, taskResources, failoverTimeout, refuseOffers, reconcileInterval);
  }

  /** @param resources in the agent flag syntax, e.g. {@code cpus:1;mem:128} */
  public FrameworkSettings withTaskResources(String resources) {
    return new FrameworkSettings(
        name, role, Resources.parse(resources), failoverTimeout, refuseOffers, reconcileInterval);
  }

  public FrameworkSettings withFailoverTimeout(Duration timeout) {
    return new FrameworkSettings(
        name, role, taskResources, timeout, refuseOffers, reconcileInterval);
  }

  public FrameworkSettings withRefuseOffers(Duration refuse) {
    return new FrameworkSettings(
        name, role, taskResources, failoverTimeout, refuse, reconcileInterval);
  }

  public FrameworkSettings withReconcileInterval(Duration interval) {
    return new FrameworkSettings(
        name, role, taskResources, failoverTimeout, refuseOffers, interval);
  }

  /** The FrameworkInfo to subscribe with, as the user running this JVM. */
  public FrameworkInfo frameworkInfo() {
    return FrameworkInfo.newBuilder()
        .setUser(System.getProperty("user.name", "root"))
        .setName(name)
        .setRole(role)
        .setFailoverTimeout(failoverTimeout.toMillis() / 1000.0)
        .setCheckpoint(true)
        .build();
  }

  /** The filter to decline (or partly use) an offer with. */
  public Filters refuseFilter() {
    return Filters.newBuilder().setRefuseSeconds(refuseOffers.toMillis() / 1000.0).build();
  }

  private static void notNegative(Duration d, String what) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, got " + d);
    }
  }
}
