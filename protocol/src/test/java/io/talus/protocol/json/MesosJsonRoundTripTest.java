package io.talus.protocol.json;

import static io.talus.protocol.ProtoTestSupport.withPrintedDefaults;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.Label;
import io.talus.mesos.v1.Protos.Labels;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.Protos.TimeInfo;
import io.talus.mesos.v1.Protos.Value;
import io.talus.mesos.v1.scheduler.Protos.Event;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** print then parse gives back the message, with unset defaults now explicitly set. */
class MesosJsonRoundTripTest {

  private static <T extends Message> void assertRoundTrips(T message) throws MesosJsonException {
    String json = MesosJson.print(message);
    T parsed = MesosJson.parse(json, message);
    assertThat(parsed).isEqualTo(withPrintedDefaults(message));
    // Printing is stable: what came back prints the same.
    assertThat(MesosJson.print(parsed)).isEqualTo(json);
  }

  @Property(tries = 300)
  void taskStatusRoundTrips(@ForAll("taskStatuses") TaskStatus status) throws Exception {
    assertRoundTrips(status);
  }

  @Property(tries = 300)
  void frameworkInfoRoundTrips(@ForAll("frameworkInfos") FrameworkInfo info) throws Exception {
    assertRoundTrips(info);
  }

  @Property(tries = 300)
  void integersRoundTripAtEveryMagnitude(@ForAll long a, @ForAll long b) throws Exception {
    assertRoundTrips(TimeInfo.newBuilder().setNanoseconds(a).build());
    // uint64: negative longs are the upper half of the unsigned range.
    assertRoundTrips(Value.Range.newBuilder().setBegin(a).setEnd(b).build());
  }

  @Property(tries = 500)
  void doublesRoundTripBitForBit(@ForAll double d) throws Exception {
    assertRoundTrips(Value.Scalar.newBuilder().setValue(d).build());
  }

  @Test
  void representativeMessagesRoundTrip() throws Exception {
    assertRoundTrips(
        Event.newBuilder()
            .setType(Event.Type.UPDATE)
            .setUpdate(
                Event.Update.newBuilder()
                    .setStatus(
                        TaskStatus.newBuilder()
                            .setTaskId(TaskID.newBuilder().setValue("t"))
                            .setState(TaskState.TASK_RUNNING)
                            .setUuid(ByteString.copyFrom(new byte[16]))))
            .build());
    assertRoundTrips(
        Event.newBuilder()
            .setType(Event.Type.ERROR)
            .setError(Event.Error.newBuilder().setMessage("Framework failed over"))
            .build());
    assertRoundTrips(Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
    assertRoundTrips(
        CommandInfo.newBuilder()
            .addUris(CommandInfo.URI.newBuilder().setValue("http://x"))
            .setShell(false)
            .addArguments("a")
            .build());
  }

  @Test
  void missingFieldsInRepeatedMessagesAreNamedByIndex() {
    assertThatThrownBy(
            () ->
                MesosJson.parse(
                    "{\"type\":\"OFFERS\",\"offers\":{\"offers\":[{\"id\":{\"value\":\"o\"},"
                        + "\"framework_id\":{\"value\":\"f\"},\"agent_id\":{\"value\":\"a\"},"
                        + "\"hostname\":\"h\"},{\"id\":{},\"framework_id\":{\"value\":\"f\"},"
                        + "\"hostname\":\"h\"}]}}",
                    Event.getDefaultInstance()))
        .isInstanceOf(MesosJsonException.class)
        .hasMessage(
            "Invalid JSON for mesos.v1.scheduler.Event: missing required fields: "
                + "offers.offers[1].id.value, offers.offers[1].agent_id");
  }

  @Provide
  Arbitrary<TaskStatus> taskStatuses() {
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(20);
    return Builders.withBuilder(TaskStatus::newBuilder)
        .use(text)
        .in((b, id) -> b.setTaskId(TaskID.newBuilder().setValue(id)))
        .use(Arbitraries.of(TaskState.values()))
        .in(TaskStatus.Builder::setState)
        .use(Arbitraries.of(TaskStatus.Source.values()))
        .withProbability(0.5)
        .in(TaskStatus.Builder::setSource)
        .use(Arbitraries.of(TaskStatus.Reason.values()))
        .withProbability(0.5)
        .in(TaskStatus.Builder::setReason)
        .use(text)
        .withProbability(0.5)
        .in(TaskStatus.Builder::setMessage)
        .use(text)
        .withProbability(0.5)
        .in((b, id) -> b.setAgentId(AgentID.newBuilder().setValue(id)))
        .use(Arbitraries.doubles())
        .withProbability(0.5)
        .in(TaskStatus.Builder::setTimestamp)
        .use(Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
        .withProbability(0.5)
        .in((b, bytes) -> b.setUuid(ByteString.copyFrom(bytes)))
        .use(Arbitraries.of(true, false))
        .withProbability(0.5)
        .in(TaskStatus.Builder::setHealthy)
        .use(labels())
        .withProbability(0.5)
        .in(TaskStatus.Builder::setLabels)
        .build(TaskStatus.Builder::build);
  }

  @Provide
  Arbitrary<FrameworkInfo> frameworkInfos() {
    Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(12);
    return Builders.withBuilder(FrameworkInfo::newBuilder)
        .use(text)
        .in(FrameworkInfo.Builder::setUser)
        .use(text)
        .in(FrameworkInfo.Builder::setName)
        .use(text)
        .withProbability(0.3)
        .in((b, id) -> b.setId(FrameworkID.newBuilder().setValue(id)))
        .use(Arbitraries.doubles().between(0, 1e9))
        .withProbability(0.5)
        .in(FrameworkInfo.Builder::setFailoverTimeout)
        .use(Arbitraries.of(true, false))
        .withProbability(0.5)
        .in(FrameworkInfo.Builder::setCheckpoint)
        .use(text)
        .withProbability(0.3)
        .in(FrameworkInfo.Builder::setRole)
        .use(text.list().ofMaxSize(3))
        .in(FrameworkInfo.Builder::addAllRoles)
        .use(Arbitraries.of(FrameworkInfo.Capability.Type.values()).list().ofMaxSize(3))
        .in(
            (b, types) -> {
              types.forEach(
                  t -> b.addCapabilities(FrameworkInfo.Capability.newBuilder().setType(t)));
              return b;
            })
        .build(FrameworkInfo.Builder::build);
  }

  private static Arbitrary<Labels> labels() {
    Arbitrary<Label> label =
        Combinators.combine(
                Arbitraries.strings().ofMaxLength(8),
                Arbitraries.strings().ofMaxLength(8).injectNull(0.3))
            .as(
                (k, v) -> {
                  Label.Builder b = Label.newBuilder().setKey(k);
                  return v == null ? b.build() : b.setValue(v).build();
                });
    return label.list().ofMaxSize(3).map(l -> Labels.newBuilder().addAllLabels(l).build());
  }
}
