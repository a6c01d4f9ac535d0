package io.talus.protocol;

import com.google.protobuf.ByteString;
import org.apache.mesos.v1.Protos.Address;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.URL;
import org.apache.mesos.v1.Protos.Value;

/**
 * Messages built with Apache Mesos's own generated classes, as a real Mesos peer would send them.
 */
final class MesosSamples {

  static final byte[] UUID = {
    0x3f,
    0x1c,
    0x77,
    (byte) 0x9a,
    0x12,
    0x48,
    0x4e,
    (byte) 0xb1,
    (byte) 0x80,
    0x0d,
    0x22,
    0x5e,
    0x6b,
    (byte) 0xc4,
    0x01,
    (byte) 0xff
  };

  private MesosSamples() {}

  static org.apache.mesos.v1.scheduler.Protos.Call subscribe() {
    FrameworkInfo info =
        FrameworkInfo.newBuilder()
            .setUser("root")
            .setName("marathon \u00e9")
            .setFailoverTimeout(604800.5)
            .setCheckpoint(true)
            .addRoles("web")
            .addRoles("batch/nightly")
            .setHostname("fw.example")
            .setPrincipal("marathon")
            .setWebuiUrl("http://fw.example:8080")
            .addCapabilities(capability(FrameworkInfo.Capability.Type.MULTI_ROLE))
            .addCapabilities(capability(FrameworkInfo.Capability.Type.PARTITION_AWARE))
            .addCapabilities(capability(FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT))
            .setLabels(labels())
            .build();
    return org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
        .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.SUBSCRIBE)
        .setSubscribe(
            org.apache.mesos.v1.scheduler.Protos.Call.Subscribe.newBuilder()
                .setFrameworkInfo(info)
                .addSuppressedRoles("batch/nightly"))
        .build();
  }

  static org.apache.mesos.v1.scheduler.Protos.Call acceptLaunch() {
    TaskInfo withExecutor =
        TaskInfo.newBuilder()
            .setName("web-1")
            .setTaskId(TaskID.newBuilder().setValue("web-1.abc"))
            .setAgentId(AgentID.newBuilder().setValue("m1-S3"))
            .addResources(scalar("cpus", 0.5).addReservations(staticReservation("web")))
            .addResources(scalar("mem", 128))
            .addResources(ports(31000, 31000, 31005, 31010))
            .setExecutor(
                ExecutorInfo.newBuilder()
                    .setType(ExecutorInfo.Type.CUSTOM)
                    .setExecutorId(ExecutorID.newBuilder().setValue("exec-1"))
                    .setFrameworkId(FrameworkID.newBuilder().setValue("m1-0001"))
                    .setName("custom executor")
                    .setCommand(
                        CommandInfo.newBuilder()
                            .setShell(false)
                            .setValue("/opt/exec")
                            .addArguments("/opt/exec")
                            .addArguments("--verbose"))
                    .addResources(scalar("cpus", 0.1))
                    .setShutdownGracePeriod(
                        DurationInfo.newBuilder().setNanoseconds(5_000_000_000L)))
            .setData(ByteString.copyFromUtf8("opaque\u0000data"))
            .setLabels(labels())
            .setKillPolicy(
                KillPolicy.newBuilder()
                    .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(3_000_000_000L)))
            .build();
    TaskInfo withCommand =
        TaskInfo.newBuilder()
            .setName("web-2")
            .setTaskId(TaskID.newBuilder().setValue("web-2.abc"))
            .setAgentId(AgentID.newBuilder().setValue("m1-S3"))
            .addResources(scalar("cpus", 1))
            .setCommand(
                CommandInfo.newBuilder()
                    .addUris(
                        CommandInfo.URI
                            .newBuilder()
                            .setValue("http://artifacts/app.tgz")
                            .setExecutable(false)
                            .setExtract(false)
                            .setCache(true)
                            .setOutputFile("app.tgz"))
                    .setEnvironment(
                        Environment.newBuilder()
                            .addVariables(
                                Environment.Variable.newBuilder().setName("PORT").setValue("31000"))
                            .addVariables(
                                Environment.Variable.newBuilder()
                                    .setName("MODE")
                                    .setType(Environment.Variable.Type.VALUE)
                                    .setValue("prod")))
                    .setValue("./app --port $PORT")
                    .setUser("nobody"))
            .build();
    return org.apache.mesos.v1.scheduler.Protos.Call.newBuilder()
        .setFrameworkId(FrameworkID.newBuilder().setValue("m1-0001"))
        .setType(org.apache.mesos.v1.scheduler.Protos.Call.Type.ACCEPT)
        .setAccept(
            org.apache.mesos.v1.scheduler.Protos.Call.Accept.newBuilder()
                .addOfferIds(OfferID.newBuilder().setValue("m1-O7"))
                .addOfferIds(OfferID.newBuilder().setValue("m1-O8"))
                .addOperations(
                    Offer.Operation.newBuilder()
                        .setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(
                            Offer.Operation.Launch.newBuilder()
                                .addTaskInfos(withExecutor)
                                .addTaskInfos(withCommand)))
                .setFilters(Filters.newBuilder().setRefuseSeconds(10)))
        .build();
  }

  static org.apache.mesos.v1.scheduler.Protos.Event offers() {
    Offer offer =
        Offer.newBuilder()
            .setId(OfferID.newBuilder().setValue("m1-O7"))
            .setFrameworkId(FrameworkID.newBuilder().setValue("m1-0001"))
            .setAgentId(AgentID.newBuilder().setValue("m1-S3"))
            .setHostname("agent3.example")
            .setUrl(
                URL.newBuilder()
                    .setScheme("http")
                    .setAddress(
                        Address.newBuilder()
                            .setHostname("agent3.example")
                            .setIp("10.0.0.3")
                            .setPort(5051))
                    .setPath("/slave(1)"))
            .addResources(
                scalar("cpus", 3.5)
                    .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("web")))
            .addResources(scalar("mem", 8192).addReservations(staticReservation("web")))
            .addResources(ports(31000, 32000))
            .addResources(
                Resource.newBuilder()
                    .setName("disks")
                    .setType(Value.Type.SET)
                    .setSet(Value.Set.newBuilder().addItem("sda").addItem("sdb")))
            .addAttributes(
                Attribute.newBuilder()
                    .setName("rack")
                    .setType(Value.Type.TEXT)
                    .setText(Value.Text.newBuilder().setValue("r1")))
            .addAttributes(
                Attribute.newBuilder()
                    .setName("level")
                    .setType(Value.Type.SCALAR)
                    .setScalar(Value.Scalar.newBuilder().setValue(3)))
            .addAttributes(
                Attribute.newBuilder()
                    .setName("slots")
                    .setType(Value.Type.RANGES)
                    .setRanges(
                        Value.Ranges.newBuilder()
                            .addRange(Value.Range.newBuilder().setBegin(1).setEnd(2))))
            .addAttributes(
                Attribute.newBuilder()
                    .setName("zones")
                    .setType(Value.Type.SET)
                    .setSet(Value.Set.newBuilder().addItem("a").addItem("b")))
            .addExecutorIds(ExecutorID.newBuilder().setValue("exec-1"))
            .build();
    return org.apache.mesos.v1.scheduler.Protos.Event.newBuilder()
        .setType(org.apache.mesos.v1.scheduler.Protos.Event.Type.OFFERS)
        .setOffers(org.apache.mesos.v1.scheduler.Protos.Event.Offers.newBuilder().addOffers(offer))
        .build();
  }

  static TaskStatus status(TaskStatus.Source source) {
    return TaskStatus.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue("web-1.abc"))
        .setState(TaskState.TASK_RUNNING)
        .setMessage("health check passed")
        .setSource(source)
        .setReason(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED)
        .setData(ByteString.copyFrom(new byte[] {1, 2, 3}))
        .setAgentId(AgentID.newBuilder().setValue("m1-S3"))
        .setExecutorId(ExecutorID.newBuilder().setValue("exec-1"))
        .setTimestamp(1700000000.123456)
        .setUuid(ByteString.copyFrom(UUID))
        .setHealthy(true)
        .setLabels(labels())
        .build();
  }

  static org.apache.mesos.v1.scheduler.Protos.Event update() {
    return org.apache.mesos.v1.scheduler.Protos.Event.newBuilder()
        .setType(org.apache.mesos.v1.scheduler.Protos.Event.Type.UPDATE)
        .setUpdate(
            org.apache.mesos.v1.scheduler.Protos.Event.Update.newBuilder()
                .setStatus(status(TaskStatus.Source.SOURCE_AGENT)))
        .build();
  }

  static org.apache.mesos.v1.executor.Protos.Call executorUpdate() {
    return org.apache.mesos.v1.executor.Protos.Call.newBuilder()
        .setExecutorId(ExecutorID.newBuilder().setValue("exec-1"))
        .setFrameworkId(FrameworkID.newBuilder().setValue("m1-0001"))
        .setType(org.apache.mesos.v1.executor.Protos.Call.Type.UPDATE)
        .setUpdate(
            org.apache.mesos.v1.executor.Protos.Call.Update.newBuilder()
                .setStatus(status(TaskStatus.Source.SOURCE_EXECUTOR)))
        .build();
  }

  static org.apache.mesos.v1.executor.Protos.Event executorLaunch() {
    return org.apache.mesos.v1.executor.Protos.Event.newBuilder()
        .setType(org.apache.mesos.v1.executor.Protos.Event.Type.LAUNCH)
        .setLaunch(
            org.apache.mesos.v1.executor.Protos.Event.Launch.newBuilder()
                .setTask(acceptLaunch().getAccept().getOperations(0).getLaunch().getTaskInfos(0)))
        .build();
  }

  private static FrameworkInfo.Capability capability(FrameworkInfo.Capability.Type type) {
    return FrameworkInfo.Capability.newBuilder().setType(type).build();
  }

  private static Labels labels() {
    return Labels.newBuilder()
        .addLabels(Label.newBuilder().setKey("team").setValue("web"))
        .addLabels(Label.newBuilder().setKey("canary"))
        .build();
  }

  private static Resource.Builder scalar(String name, double value) {
    return Resource.newBuilder()
        .setName(name)
        .setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value));
  }

  private static Resource.Builder ports(long... beginEnd) {
    Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
    for (int i = 0; i < beginEnd.length; i += 2) {
      ranges.addRange(Value.Range.newBuilder().setBegin(beginEnd[i]).setEnd(beginEnd[i + 1]));
    }
    return Resource.newBuilder().setName("ports").setType(Value.Type.RANGES).setRanges(ranges);
  }

  private static Resource.ReservationInfo staticReservation(String role) {
    return Resource.ReservationInfo.newBuilder()
        .setType(Resource.ReservationInfo.Type.STATIC)
        .setRole(role)
        .build();
  }

  /** An operator API UPDATE_QUOTA call, whose quota configs are map fields. */
  static org.apache.mesos.v1.master.Protos.Call updateQuota() {
    return org.apache.mesos.v1.master.Protos.Call.newBuilder()
        .setType(org.apache.mesos.v1.master.Protos.Call.Type.UPDATE_QUOTA)
        .setUpdateQuota(
            org.apache.mesos.v1.master.Protos.Call.UpdateQuota.newBuilder()
                .setForce(true)
                .addQuotaConfigs(
                    org.apache.mesos.v1.quota.Protos.QuotaConfig.newBuilder()
                        .setRole("web")
                        .putGuarantees("cpus", Value.Scalar.newBuilder().setValue(2).build())
                        .putLimits("cpus", Value.Scalar.newBuilder().setValue(8).build()))
                .addQuotaConfigs(
                    org.apache.mesos.v1.quota.Protos.QuotaConfig.newBuilder()
                        .setRole("batch/nightly")
                        .putLimits("mem", Value.Scalar.newBuilder().setValue(1024).build())))
        .build();
  }
}
