package io.talus.protocol;

import static io.talus.protocol.ProtoTestSupport.text;
import static io.talus.protocol.ProtoTestSupport.unknownFieldPaths;
import static io.talus.protocol.ProtoTestSupport.withPrintedDefaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.util.JsonFormat;
import io.talus.protocol.json.MesosJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Talus's Mesos v1 classes against Apache Mesos 1.11's own generated classes: bytes cross both ways
 * with every field intact, and our JSON reads into theirs.
 */
class MesosWireCompatibilityTest {

  static Stream<Arguments> builtByMesos() {
    return Stream.of(
        arguments("scheduler Call SUBSCRIBE", MesosSamples.subscribe(), ourSchedulerCall()),
        arguments("scheduler Call ACCEPT/LAUNCH", MesosSamples.acceptLaunch(), ourSchedulerCall()),
        arguments("scheduler Event OFFERS", MesosSamples.offers(), ourSchedulerEvent()),
        arguments("scheduler Event UPDATE", MesosSamples.update(), ourSchedulerEvent()),
        arguments("executor Call UPDATE", MesosSamples.executorUpdate(), ourExecutorCall()),
        arguments("executor Event LAUNCH", MesosSamples.executorLaunch(), ourExecutorEvent()),
        arguments("master Call UPDATE_QUOTA", MesosSamples.updateQuota(), ourMasterCall()));
  }

  static Stream<Arguments> builtByTalus() {
    return Stream.of(
        arguments("scheduler Call SUBSCRIBE", TalusSamples.subscribe(), theirSchedulerCall()),
        arguments(
            "scheduler Call ACCEPT/LAUNCH", TalusSamples.acceptLaunch(), theirSchedulerCall()),
        arguments("scheduler Event SUBSCRIBED", TalusSamples.subscribed(), theirSchedulerEvent()),
        arguments("scheduler Event OFFERS", TalusSamples.offers(), theirSchedulerEvent()),
        arguments("scheduler Event UPDATE", TalusSamples.update(), theirSchedulerEvent()),
        arguments("executor Call UPDATE", TalusSamples.executorUpdate(), theirExecutorCall()),
        arguments("executor Event LAUNCH", TalusSamples.executorLaunch(), theirExecutorEvent()),
        arguments("master Response GET_STATE", TalusSamples.getState(), theirMasterResponse()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builtByMesos")
  void mesosBytesParseIntoOursWithEveryField(
      String name, Message theirs, Parser<? extends Message> ourParser) throws Exception {
    byte[] bytes = theirs.toByteArray();
    Message ours = ourParser.parseFrom(bytes);

    assertThat(unknownFieldPaths(ours)).as("fields our classes did not know").isEmpty();
    assertThat(text(ours)).isEqualTo(text(theirs));
    assertThat(ours.isInitialized()).isTrue();
    assertThat(ours.toByteArray()).as("re-serialized bytes").isEqualTo(bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builtByTalus")
  void ourBytesParseIntoMesosWithEveryField(
      String name, Message ours, Parser<? extends Message> theirParser) throws Exception {
    byte[] bytes = ours.toByteArray();
    Message theirs = theirParser.parseFrom(bytes);

    assertThat(unknownFieldPaths(theirs)).as("fields Mesos's classes did not know").isEmpty();
    assertThat(text(theirs)).isEqualTo(text(ours));
    assertThat(theirs.isInitialized()).isTrue();
    assertThat(theirs.toByteArray()).as("re-serialized bytes").isEqualTo(bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builtByMesos")
  void ourJsonOfMesosBuiltMessagesReadsIntoMesosClasses(
      String name, Message theirs, Parser<? extends Message> ourParser) throws Exception {
    assertOurJsonReadsIntoMesos(ourParser.parseFrom(theirs.toByteArray()), theirs);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("builtByTalus")
  void ourJsonOfTalusBuiltMessagesReadsIntoMesosClasses(
      String name, Message ours, Parser<? extends Message> theirParser) throws Exception {
    assertOurJsonReadsIntoMesos(ours, theirParser.parseFrom(ours.toByteArray()));
  }

  /**
   * JsonFormat works on Mesos's protobuf-3.5 gencode, and strictly (unknown keys are errors here),
   * so every key we print is a field Mesos knows.
   */
  private static void assertOurJsonReadsIntoMesos(Message ours, Message theirs) throws Exception {
    String json = MesosJson.print(ours);
    Message.Builder mesos = theirs.newBuilderForType();
    JsonFormat.parser().merge(json, mesos);
    assertThat(text(mesos.build())).isEqualTo(text(withPrintedDefaults(theirs)));
    assertThat(MesosJson.parse(json, ours.getDefaultInstanceForType()))
        .isEqualTo(withPrintedDefaults(ours));
  }

  @Test
  void mesosFieldValuesArriveThroughOurGetters() throws Exception {
    var subscribe =
        io.talus.mesos.v1.scheduler.Protos.Call.parseFrom(MesosSamples.subscribe().toByteArray());
    var info = subscribe.getSubscribe().getFrameworkInfo();
    assertThat(subscribe.getType())
        .isEqualTo(io.talus.mesos.v1.scheduler.Protos.Call.Type.SUBSCRIBE);
    assertThat(info.getName()).isEqualTo("marathon \u00e9");
    assertThat(info.getFailoverTimeout()).isEqualTo(604800.5);
    assertThat(info.getRolesList()).containsExactly("web", "batch/nightly");
    assertThat(info.getCapabilitiesList())
        .extracting(c -> c.getType())
        .containsExactly(
            io.talus.mesos.v1.Protos.FrameworkInfo.Capability.Type.MULTI_ROLE,
            io.talus.mesos.v1.Protos.FrameworkInfo.Capability.Type.PARTITION_AWARE,
            io.talus.mesos.v1.Protos.FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT);
    assertThat(info.getLabels().getLabels(1).hasValue()).isFalse();
    assertThat(subscribe.getSubscribe().getSuppressedRolesList()).containsExactly("batch/nightly");

    var accept =
        io.talus.mesos.v1.scheduler.Protos.Call.parseFrom(
            MesosSamples.acceptLaunch().toByteArray());
    var tasks = accept.getAccept().getOperations(0).getLaunch().getTaskInfosList();
    assertThat(accept.getAccept().getOperations(0).getType())
        .isEqualTo(io.talus.mesos.v1.Protos.Offer.Operation.Type.LAUNCH);
    assertThat(tasks.get(0).getResources(0).getReservations(0).getRole()).isEqualTo("web");
    assertThat(tasks.get(0).getResources(2).getRanges().getRange(1).getEnd()).isEqualTo(31010);
    assertThat(tasks.get(0).getExecutor().getCommand().hasShell()).isTrue();
    assertThat(tasks.get(0).getExecutor().getCommand().getShell()).isFalse();
    assertThat(tasks.get(0).getExecutor().getShutdownGracePeriod().getNanoseconds())
        .isEqualTo(5_000_000_000L);
    assertThat(tasks.get(0).getData()).isEqualTo(ByteString.copyFromUtf8("opaque\u0000data"));
    assertThat(tasks.get(1).getCommand().getUris(0).getExtract()).isFalse();
    assertThat(tasks.get(1).getCommand().getEnvironment().getVariables(1).getType())
        .isEqualTo(io.talus.mesos.v1.Protos.Environment.Variable.Type.VALUE);
    assertThat(accept.getAccept().getFilters().getRefuseSeconds()).isEqualTo(10.0);

    var offers =
        io.talus.mesos.v1.scheduler.Protos.Event.parseFrom(MesosSamples.offers().toByteArray());
    var offer = offers.getOffers().getOffers(0);
    assertThat(offer.getUrl().getAddress().getIp()).isEqualTo("10.0.0.3");
    assertThat(offer.getUrl().getPath()).isEqualTo("/slave(1)");
    assertThat(offer.getResources(0).getAllocationInfo().getRole()).isEqualTo("web");
    assertThat(offer.getResources(3).getSet().getItemList()).containsExactly("sda", "sdb");
    assertThat(offer.getAttributesList())
        .extracting(a -> a.getType())
        .containsExactly(
            io.talus.mesos.v1.Protos.Value.Type.TEXT,
            io.talus.mesos.v1.Protos.Value.Type.SCALAR,
            io.talus.mesos.v1.Protos.Value.Type.RANGES,
            io.talus.mesos.v1.Protos.Value.Type.SET);

    var update =
        io.talus.mesos.v1.scheduler.Protos.Event.parseFrom(MesosSamples.update().toByteArray());
    var status = update.getUpdate().getStatus();
    assertThat(status.getUuid().toByteArray()).isEqualTo(MesosSamples.UUID);
    assertThat(status.getReason())
        .isEqualTo(
            io.talus.mesos.v1.Protos.TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED);
    assertThat(status.getSource())
        .isEqualTo(io.talus.mesos.v1.Protos.TaskStatus.Source.SOURCE_AGENT);
    assertThat(status.getTimestamp()).isEqualTo(1700000000.123456);
    assertThat(status.getHealthy()).isTrue();

    var executorCall =
        io.talus.mesos.v1.executor.Protos.Call.parseFrom(
            MesosSamples.executorUpdate().toByteArray());
    assertThat(executorCall.getUpdate().getStatus().getSource())
        .isEqualTo(io.talus.mesos.v1.Protos.TaskStatus.Source.SOURCE_EXECUTOR);
    assertThat(executorCall.getExecutorId().getValue()).isEqualTo("exec-1");

    var launch =
        io.talus.mesos.v1.executor.Protos.Event.parseFrom(
            MesosSamples.executorLaunch().toByteArray());
    assertThat(launch.getType()).isEqualTo(io.talus.mesos.v1.executor.Protos.Event.Type.LAUNCH);
    assertThat(launch.getLaunch().getTask().getKillPolicy().getGracePeriod().getNanoseconds())
        .isEqualTo(3_000_000_000L);
  }

  @Test
  void talusFieldValuesArriveThroughMesosGetters() throws Exception {
    var offers =
        org.apache.mesos.v1.scheduler.Protos.Event.parseFrom(TalusSamples.offers().toByteArray());
    var offer = offers.getOffers().getOffers(0);
    assertThat(offer.getResourcesList())
        .extracting(r -> r.getName())
        .containsExactly("cpus", "mem", "ports", "disks");
    assertThat(offer.getResources(1).getReservations(0).getType())
        .isEqualTo(org.apache.mesos.v1.Protos.Resource.ReservationInfo.Type.STATIC);
    assertThat(offer.getResources(1).hasRole()).isFalse();
    assertThat(offer.getResources(2).getRanges().getRangeCount()).isEqualTo(2);
    assertThat(offer.getAttributes(3).getSet().getItemList()).containsExactly("a", "b");

    var subscribed =
        org.apache.mesos.v1.scheduler.Protos.Event.parseFrom(
            TalusSamples.subscribed().toByteArray());
    assertThat(subscribed.getSubscribed().getHeartbeatIntervalSeconds()).isEqualTo(15.0);
    assertThat(subscribed.getSubscribed().getMasterInfo().getAddress().getPort()).isEqualTo(5050);

    var update =
        org.apache.mesos.v1.executor.Protos.Call.parseFrom(
            TalusSamples.executorUpdate().toByteArray());
    assertThat(update.getUpdate().getStatus().getUuid().toByteArray()).isEqualTo(MesosSamples.UUID);
    assertThat(update.getUpdate().getStatus().getState())
        .isEqualTo(org.apache.mesos.v1.Protos.TaskState.TASK_FAILED);
  }

  @Test
  void operatorGetStateBuiltByTalusRoundTripsThroughMesosClasses() throws Exception {
    io.talus.mesos.v1.master.Protos.Response ours = TalusSamples.getState();
    byte[] bytes = ours.toByteArray();

    var theirs = org.apache.mesos.v1.master.Protos.Response.parseFrom(bytes);
    assertThat(unknownFieldPaths(theirs)).as("fields Mesos's classes did not know").isEmpty();
    assertThat(theirs.toByteArray()).as("Mesos's re-serialized bytes").isEqualTo(bytes);
    assertThat(io.talus.mesos.v1.master.Protos.Response.parseFrom(theirs.toByteArray()))
        .isEqualTo(ours);

    assertThat(theirs.getType())
        .isEqualTo(org.apache.mesos.v1.master.Protos.Response.Type.GET_STATE);
    var state = theirs.getGetState();
    assertThat(state.getGetTasks().getTasks(0).getLimitsMap().get("cpus").getValue())
        .isEqualTo(0.5);
    assertThat(state.getGetTasks().getCompletedTasks(0).getState())
        .isEqualTo(org.apache.mesos.v1.Protos.TaskState.TASK_FINISHED);
    assertThat(state.getGetExecutors().getExecutors(0).getAgentId().getValue()).isEqualTo("m1-S0");
    var framework = state.getGetFrameworks().getFrameworks(0);
    assertThat(framework.getFrameworkInfo().getName()).isEqualTo("driver");
    assertThat(
            framework
                .getOfferConstraints()
                .getRoleConstraintsMap()
                .get("web")
                .getGroups(0)
                .getAttributeConstraints(0)
                .getPredicate()
                .getTextEquals()
                .getValue())
        .isEqualTo("r1");
    var agent = state.getGetAgents().getAgents(0);
    assertThat(agent.getAgentInfo().getHostname()).isEqualTo("agent0");
    assertThat(agent.getRegisteredTime().getNanoseconds()).isEqualTo(1700000000123456789L);
    assertThat(agent.getDrainInfo().getState())
        .isEqualTo(org.apache.mesos.v1.Protos.DrainState.DRAINING);
  }

  @Test
  void everyTalusDescriptorMatchesMesos() {
    List<String> diffs = new ArrayList<>();
    compareFiles(
        io.talus.mesos.v1.Protos.getDescriptor(),
        org.apache.mesos.v1.Protos.getDescriptor(),
        diffs);
    compareFiles(
        io.talus.mesos.v1.scheduler.Protos.getDescriptor(),
        org.apache.mesos.v1.scheduler.Protos.getDescriptor(),
        diffs);
    compareFiles(
        io.talus.mesos.v1.executor.Protos.getDescriptor(),
        org.apache.mesos.v1.executor.Protos.getDescriptor(),
        diffs);
    compareFiles(
        io.talus.mesos.v1.master.Protos.getDescriptor(),
        org.apache.mesos.v1.master.Protos.getDescriptor(),
        diffs);
    compareFiles(
        io.talus.mesos.v1.quota.Protos.getDescriptor(),
        org.apache.mesos.v1.quota.Protos.getDescriptor(),
        diffs);
    compareFiles(
        io.talus.mesos.v1.maintenance.Protos.getDescriptor(),
        org.apache.mesos.v1.maintenance.Protos.getDescriptor(),
        diffs);
    compareFiles(
        io.talus.mesos.v1.allocator.Protos.getDescriptor(),
        org.apache.mesos.v1.allocator.Protos.getDescriptor(),
        diffs);
    assertThat(diffs).isEmpty();
  }

  @Test
  void operatorApiIsComplete() {
    // The operator API's messages are all there, and each file imports only what Mesos's does.
    assertThat(topLevelNames(io.talus.mesos.v1.master.Protos.getDescriptor()))
        .containsExactlyElementsOf(
            topLevelNames(org.apache.mesos.v1.master.Protos.getDescriptor()));
    for (FileDescriptor ours :
        List.of(
            io.talus.mesos.v1.master.Protos.getDescriptor(),
            io.talus.mesos.v1.quota.Protos.getDescriptor(),
            io.talus.mesos.v1.maintenance.Protos.getDescriptor(),
            io.talus.mesos.v1.allocator.Protos.getDescriptor())) {
      assertThat(ours.getOptions().getJavaPackage()).isEqualTo("io.talus." + ours.getPackage());
    }
  }

  private static List<String> topLevelNames(FileDescriptor file) {
    List<String> names = new ArrayList<>();
    file.getEnumTypes().forEach(e -> names.add(e.getName()));
    file.getMessageTypes().forEach(m -> names.add(m.getName()));
    return names;
  }

  private static void compareFiles(FileDescriptor ours, FileDescriptor theirs, List<String> diffs) {
    assertThat(ours.getPackage()).isEqualTo(theirs.getPackage());
    assertThat(ours.getName()).isEqualTo(theirs.getName());
    List<String> theirDependencies =
        theirs.getDependencies().stream().map(FileDescriptor::getName).collect(Collectors.toList());
    for (FileDescriptor dependency : ours.getDependencies()) {
      if (!theirDependencies.contains(dependency.getName())) {
        diffs.add(ours.getName() + ": imports " + dependency.getName() + ", Mesos does not");
      }
    }
    for (Descriptor message : ours.getMessageTypes()) {
      Descriptor counterpart = theirs.findMessageTypeByName(message.getName());
      if (counterpart == null) {
        diffs.add(message.getFullName() + ": not in Mesos");
      } else {
        compareMessages(message, counterpart, diffs);
      }
    }
    for (EnumDescriptor e : ours.getEnumTypes()) {
      compareEnums(e, theirs.findEnumTypeByName(e.getName()), diffs);
    }
  }

  private static void compareMessages(Descriptor ours, Descriptor theirs, List<String> diffs) {
    String at = ours.getFullName();
    // Declaration order is the JSON key order.
    if (!names(ours.getFields()).equals(names(theirs.getFields()))) {
      diffs.add(at + ": fields " + names(ours.getFields()) + " vs " + names(theirs.getFields()));
    }
    for (FieldDescriptor field : ours.getFields()) {
      FieldDescriptor other = theirs.findFieldByNumber(field.getNumber());
      String f = at + "." + field.getName();
      if (other == null) {
        diffs.add(f + ": number " + field.getNumber() + " not in Mesos");
        continue;
      }
      if (field.isMapField() != other.isMapField()) {
        diffs.add(f + ": map in Mesos, repeated entry message in Talus");
      }
      String mine = describe(field);
      String mesos = describe(other);
      if (!mine.equals(mesos)) {
        diffs.add(f + ": " + mine + " vs Mesos " + mesos);
      }
    }
    for (Descriptor nested : ours.getNestedTypes()) {
      Descriptor counterpart = theirs.findNestedTypeByName(nested.getName());
      if (counterpart == null) {
        diffs.add(nested.getFullName() + ": not in Mesos");
      } else {
        // Map entries too: their value field carries the map's value type.
        compareMessages(nested, counterpart, diffs);
      }
    }
    for (EnumDescriptor e : ours.getEnumTypes()) {
      compareEnums(e, theirs.findEnumTypeByName(e.getName()), diffs);
    }
  }

  private static String describe(FieldDescriptor f) {
    String type =
        f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
            ? f.getMessageType().getFullName()
            : f.getJavaType() == FieldDescriptor.JavaType.ENUM
                ? f.getEnumType().getFullName()
                : f.getType().name();
    Object def = null;
    if (f.hasDefaultValue()) {
      def =
          f.getDefaultValue() instanceof EnumValueDescriptor
              ? ((EnumValueDescriptor) f.getDefaultValue()).getName()
              : f.getDefaultValue();
    }
    return f.getName()
        + " "
        + (f.isRequired() ? "required" : f.isRepeated() ? "repeated" : "optional")
        + " "
        + type
        + (def == null ? "" : " default=" + def)
        + (f.getOptions().getDeprecated() ? " deprecated" : "")
        + (f.getRealContainingOneof() == null
            ? ""
            : " oneof " + f.getRealContainingOneof().getName());
  }

  private static void compareEnums(EnumDescriptor ours, EnumDescriptor theirs, List<String> diffs) {
    if (theirs == null) {
      diffs.add(ours.getFullName() + ": enum not in Mesos");
      return;
    }
    String mine = enumValues(ours);
    String mesos = enumValues(theirs);
    if (!Objects.equals(mine, mesos)) {
      diffs.add(ours.getFullName() + ": " + mine + " vs Mesos " + mesos);
    }
  }

  private static String enumValues(EnumDescriptor e) {
    return e.getValues().stream()
        .map(
            v ->
                v.getName()
                    + "="
                    + v.getNumber()
                    + (v.getOptions().getDeprecated() ? " (deprecated)" : ""))
        .collect(Collectors.joining(","));
  }

  private static List<String> names(List<FieldDescriptor> fields) {
    return fields.stream().map(FieldDescriptor::getName).collect(Collectors.toList());
  }

  private static Parser<? extends Message> ourSchedulerCall() {
    return io.talus.mesos.v1.scheduler.Protos.Call.parser();
  }

  private static Parser<? extends Message> ourSchedulerEvent() {
    return io.talus.mesos.v1.scheduler.Protos.Event.parser();
  }

  private static Parser<? extends Message> ourExecutorCall() {
    return io.talus.mesos.v1.executor.Protos.Call.parser();
  }

  private static Parser<? extends Message> ourExecutorEvent() {
    return io.talus.mesos.v1.executor.Protos.Event.parser();
  }

  private static Parser<? extends Message> theirSchedulerCall() {
    return org.apache.mesos.v1.scheduler.Protos.Call.parser();
  }

  private static Parser<? extends Message> theirSchedulerEvent() {
    return org.apache.mesos.v1.scheduler.Protos.Event.parser();
  }

  private static Parser<? extends Message> theirExecutorCall() {
    return org.apache.mesos.v1.executor.Protos.Call.parser();
  }

  private static Parser<? extends Message> theirExecutorEvent() {
    return org.apache.mesos.v1.executor.Protos.Event.parser();
  }

  private static Parser<? extends Message> ourMasterCall() {
    return io.talus.mesos.v1.master.Protos.Call.parser();
  }

  private static Parser<? extends Message> theirMasterResponse() {
    return org.apache.mesos.v1.master.Protos.Response.parser();
  }
}
