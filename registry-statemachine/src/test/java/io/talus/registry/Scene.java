package io.talus.registry;

import static io.talus.registry.RegistryOps.ack;
import static io.talus.registry.RegistryOps.disconnectFramework;
import static io.talus.registry.RegistryOps.launch;
import static io.talus.registry.RegistryOps.markUnreachable;
import static io.talus.registry.RegistryOps.removeAgent;
import static io.talus.registry.RegistryOps.removeFramework;
import static io.talus.registry.RegistryOps.status;
import static io.talus.registry.RegistryOps.updateRole;
import static io.talus.registry.RegistryOps.uuid;

import com.google.protobuf.ByteString;
import io.talus.mesos.v1.Protos.TaskState;

/**
 * A small cluster with one of everything, built the same way every time (so two scenes are equal
 * replicas): agents {@code active}, {@code unreachable} and {@code gone}; frameworks {@code
 * framework} (active), {@code disconnected} and {@code removed}; tasks of {@code framework}:
 * {@code staging} and {@code running} (status uuid {@link #RUNNING_UUID}, not yet acknowledged) and
 * {@code finished} (uuid {@link #FINISHED_UUID}, not yet acknowledged) on {@code active}, and
 * {@code lost} (TASK_UNREACHABLE) on {@code unreachable}; role "web" with weight 2.
 */
final class Scene {

  static final String CLUSTER = "c1";
  static final ByteString RUNNING_UUID = uuid(2);
  static final ByteString FINISHED_UUID = uuid(3);

  final RegistryHarness harness = new RegistryHarness();
  final String active;
  final String unreachable;
  final String gone;
  final String framework;
  final String disconnected;
  final String removed;
  final String staging = "staging";
  final String running = "running";
  final String finished = "finished";
  final String lost = "lost";

  Scene() {
    harness.initialize(CLUSTER);
    active = harness.registerAgent("active.example.com");
    unreachable = harness.registerAgent("unreachable.example.com");
    gone = harness.registerAgent("gone.example.com");
    framework = harness.registerFramework("marathon");
    disconnected = harness.registerFramework("aurora");
    removed = harness.registerFramework("chronos");
    harness.accept(launch(framework, active, staging, running, finished));
    harness.accept(status(framework, active, running, TaskState.TASK_RUNNING, RUNNING_UUID));
    harness.accept(status(framework, active, finished, TaskState.TASK_FINISHED, FINISHED_UUID));
    harness.accept(launch(framework, unreachable, lost));
    harness.accept(status(framework, unreachable, lost, TaskState.TASK_RUNNING, uuid(4)));
    harness.accept(ack(framework, lost, uuid(4)));
    harness.accept(markUnreachable(unreachable));
    harness.accept(removeAgent(gone, false));
    harness.accept(disconnectFramework(disconnected, RegistryHarness.START_NANOS + 3_600_000_000_000L));
    harness.accept(removeFramework(removed));
    harness.accept(updateRole("web", 2));
    registry().drainChanges();
  }

  Registry registry() {
    return harness.registry();
  }
}
