package io.talus.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Struct;
import io.talus.mesos.v1.Protos.Address;
import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.AgentInfo;
import io.talus.mesos.v1.Protos.Attribute;
import io.talus.mesos.v1.Protos.CapabilityInfo;
import io.talus.mesos.v1.Protos.CommandInfo;
import io.talus.mesos.v1.Protos.Environment;
import io.talus.mesos.v1.Protos.Filters;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.Protos.TimeInfo;
import io.talus.mesos.v1.Protos.URL;
import io.talus.mesos.v1.Protos.Value;
import io.talus.mesos.v1.master.Protos.Response;
import io.talus.mesos.v1.scheduler.Protos.Event;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MesosJsonPrintTest {

  @Test
  void frameworkInfoPrintsNonDeprecatedDefaultsInDeclarationOrder() {
    FrameworkInfo info = FrameworkInfo.newBuilder().setUser("root").setName("x").build();
    // role has default "*" but is deprecated, and stout skips deprecated defaults.
    assertThat(MesosJson.print(info))
        .isEqualTo(
            "{\"user\":\"root\",\"name\":\"x\",\"failover_timeout\":0.0,\"checkpoint\":false}");
  }

  @Test
  void setFieldsWinOverDefaultsAndDeprecatedFieldsPrintWhenSet() {
    FrameworkInfo info =
        FrameworkInfo.newBuilder()
            .setUser("root")
            .setName("x")
            .setRole("ops")
            .setCheckpoint(true)
            .setFailoverTimeout(604800)
            .addRoles("a")
            .addRoles("b")
            .addCapabilities(
                FrameworkInfo.Capability.newBuilder()
                    .setType(FrameworkInfo.Capability.Type.MULTI_ROLE))
            .build();
    assertThat(MesosJson.print(info))
        .isEqualTo(
            "{\"user\":\"root\",\"name\":\"x\",\"failover_timeout\":604800.0,\"checkpoint\":true,"
                + "\"role\":\"ops\",\"roles\":[\"a\",\"b\"],"
                + "\"capabilities\":[{\"type\":\"MULTI_ROLE\"}]}");
  }

  @Test
  void otherExplicitDefaultsArePrinted() {
    assertThat(MesosJson.print(CommandInfo.newBuilder().setValue("echo hi").build()))
        .isEqualTo("{\"shell\":true,\"value\":\"echo hi\"}");
    assertThat(MesosJson.print(Filters.getDefaultInstance())).isEqualTo("{\"refuse_seconds\":5.0}");
    assertThat(MesosJson.print(CommandInfo.URI.newBuilder().setValue("http://x/y.tgz").build()))
        .isEqualTo("{\"value\":\"http://x/y.tgz\",\"extract\":true}");
    assertThat(
            MesosJson.print(Environment.Variable.newBuilder().setName("A").setValue("1").build()))
        .isEqualTo("{\"name\":\"A\",\"type\":\"VALUE\",\"value\":\"1\"}");
    assertThat(MesosJson.print(AgentInfo.newBuilder().setHostname("h").build()))
        .isEqualTo("{\"hostname\":\"h\",\"port\":5051}");
  }

  @Test
  void subscribedEvent() {
    MasterInfo master =
        MasterInfo.newBuilder()
            .setId("m1")
            // 192.168.1.1 has the top bit set: uint32 must print unsigned.
            .setIp(0xC0A80101)
            .setHostname("master.example")
            .buildPartial();
    Event.Subscribed subscribed =
        Event.Subscribed.newBuilder()
            .setFrameworkId(FrameworkID.newBuilder().setValue("m1-0000"))
            .setHeartbeatIntervalSeconds(15)
            .setMasterInfo(master)
            .buildPartial();
    Event event =
        Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(subscribed).buildPartial();
    // MasterInfo.port is unset and prints its default 5050, as Mesos does.
    assertThat(MesosJson.print(event))
        .isEqualTo(
            "{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"framework_id\":{\"value\":\"m1-0000\"},"
                + "\"heartbeat_interval_seconds\":15.0,\"master_info\":{\"id\":\"m1\","
                + "\"ip\":3232235777,\"port\":5050,\"hostname\":\"master.example\"}}}");
  }

  @Test
  void operatorApiResponses() {
    Response health =
        Response.newBuilder()
            .setType(Response.Type.GET_HEALTH)
            .setGetHealth(Response.GetHealth.newBuilder().setHealthy(true))
            .build();
    assertThat(MesosJson.print(health))
        .isEqualTo("{\"type\":\"GET_HEALTH\",\"get_health\":{\"healthy\":true}}");

    Response master =
        Response.newBuilder()
            .setType(Response.Type.GET_MASTER)
            .setGetMaster(
                Response.GetMaster.newBuilder()
                    .setMasterInfo(
                        MasterInfo.newBuilder().setId("m1").setIp(0x0100007f).setPort(5050))
                    .setStartTime(1700000000.5))
            .build();
    assertThat(MesosJson.print(master))
        .isEqualTo(
            "{\"type\":\"GET_MASTER\",\"get_master\":{\"master_info\":{\"id\":\"m1\","
                + "\"ip\":16777343,\"port\":5050},\"start_time\":1700000000.5}}");
  }

  @Test
  void offersEventWithScalarRangesAndTextAttribute() {
    Offer offer =
        Offer.newBuilder()
            .setId(OfferID.newBuilder().setValue("m1-O1"))
            .setFrameworkId(FrameworkID.newBuilder().setValue("m1-0000"))
            .setAgentId(AgentID.newBuilder().setValue("m1-S0"))
            .setHostname("agent1")
            .setUrl(
                URL.newBuilder()
                    .setScheme("http")
                    .setAddress(
                        Address.newBuilder().setHostname("agent1").setIp("10.0.0.2").setPort(5051))
                    .setPath("/slave(1)"))
            .addResources(
                Resource.newBuilder()
                    .setName("cpus")
                    .setType(Value.Type.SCALAR)
                    .setScalar(Value.Scalar.newBuilder().setValue(4)))
            .addResources(
                Resource.newBuilder()
                    .setName("ports")
                    .setType(Value.Type.RANGES)
                    .setRanges(
                        Value.Ranges.newBuilder()
                            .addRange(Value.Range.newBuilder().setBegin(31000).setEnd(32000))))
            .addAttributes(
                Attribute.newBuilder()
                    .setName("rack")
                    .setType(Value.Type.TEXT)
                    .setText(Value.Text.newBuilder().setValue("r1")))
            .build();
    Event event =
        Event.newBuilder()
            .setType(Event.Type.OFFERS)
            .setOffers(Event.Offers.newBuilder().addOffers(offer))
            .build();
    assertThat(MesosJson.print(event))
        .isEqualTo(
            "{\"type\":\"OFFERS\",\"offers\":{\"offers\":[{\"id\":{\"value\":\"m1-O1\"},"
                + "\"framework_id\":{\"value\":\"m1-0000\"},\"agent_id\":{\"value\":\"m1-S0\"},"
                + "\"hostname\":\"agent1\",\"url\":{\"scheme\":\"http\",\"address\":"
                + "{\"hostname\":\"agent1\",\"ip\":\"10.0.0.2\",\"port\":5051},"
                + "\"path\":\"/slave(1)\"},"
                + "\"resources\":[{\"name\":\"cpus\",\"type\":\"SCALAR\","
                + "\"scalar\":{\"value\":4.0}},"
                + "{\"name\":\"ports\",\"type\":\"RANGES\",\"ranges\":{\"range\":"
                + "[{\"begin\":31000,\"end\":32000}]}}],"
                + "\"attributes\":[{\"name\":\"rack\",\"type\":\"TEXT\","
                + "\"text\":{\"value\":\"r1\"}}]}]}}");
  }

  @Test
  void taskStatusWithUuidBytesAndTimestamp() {
    byte[] uuid = new byte[16];
    for (int i = 0; i < 16; i++) {
      uuid[i] = (byte) i;
    }
    TaskStatus status =
        TaskStatus.newBuilder()
            .setTaskId(TaskID.newBuilder().setValue("t1"))
            .setState(TaskState.TASK_RUNNING)
            .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
            .setReason(TaskStatus.Reason.REASON_RECONCILIATION)
            .setAgentId(AgentID.newBuilder().setValue("m1-S0"))
            .setTimestamp(1700000000.25)
            .setUuid(ByteString.copyFrom(uuid))
            .setHealthy(true)
            .build();
    assertThat(MesosJson.print(status))
        .isEqualTo(
            "{\"task_id\":{\"value\":\"t1\"},\"state\":\"TASK_RUNNING\","
                + "\"source\":\"SOURCE_EXECUTOR\",\"reason\":\"REASON_RECONCILIATION\","
                + "\"agent_id\":{\"value\":\"m1-S0\"},\"timestamp\":1700000000.25,"
                + "\"uuid\":\"AAECAwQFBgcICQoLDA0ODw==\",\"healthy\":true}");
  }

  @Test
  void bytesArePaddedStandardBase64() {
    TaskStatus.Builder status =
        TaskStatus.newBuilder()
            .setTaskId(TaskID.newBuilder().setValue("t"))
            .setState(TaskState.TASK_RUNNING);
    // 0xfb 0xff is "+/8=" in the standard alphabet and "-_8" unpadded in the URL-safe one.
    status.setData(ByteString.copyFrom(new byte[] {(byte) 0xfb, (byte) 0xff}));
    assertThat(MesosJson.print(status)).contains("\"data\":\"+/8=\"");
    status.setData(ByteString.copyFrom(new byte[] {'a'}));
    assertThat(MesosJson.print(status)).contains("\"data\":\"YQ==\"");
  }

  @Test
  void integersOfEverySizeAreJsonNumbers() {
    assertThat(MesosJson.print(TimeInfo.newBuilder().setNanoseconds(1700000000123456789L).build()))
        .isEqualTo("{\"nanoseconds\":1700000000123456789}");
    assertThat(MesosJson.print(TimeInfo.newBuilder().setNanoseconds(Long.MIN_VALUE).build()))
        .isEqualTo("{\"nanoseconds\":-9223372036854775808}");
    assertThat(MesosJson.print(Value.Range.newBuilder().setBegin(-1L).setEnd(1L << 63).build()))
        .isEqualTo("{\"begin\":18446744073709551615,\"end\":9223372036854775808}");
    assertThat(MesosJson.print(Address.newBuilder().setPort(-5).build()))
        .isEqualTo("{\"port\":-5}");
  }

  @ParameterizedTest
  @CsvSource({
    "15, 15.0",
    "0.5, 0.5",
    "0, 0.0",
    "-0.0, -0.0",
    "-2.5, -2.5",
    "0.30000000000000004, 0.30000000000000004",
    "1700000000.123456, 1700000000.123456",
    "1e7, 10000000.0",
    "1e20, 100000000000000000000.0",
    "1e21, 1.0e21",
    "1.5e300, 1.5e300",
    "0.000001, 0.000001",
    "1.25e-10, 1.25e-10",
    "4.9e-324, 4.9e-324",
    "NaN, \"NaN\"",
    "Infinity, \"Infinity\"",
    "-Infinity, \"-Infinity\""
  })
  void doublesAlwaysHaveADecimalPointAndReadBackExactly(String input, String printed) {
    double d = Double.parseDouble(input);
    Filters filters = Filters.newBuilder().setRefuseSeconds(d).build();
    assertThat(MesosJson.print(filters)).isEqualTo("{\"refuse_seconds\":" + printed + "}");
  }

  @Test
  void floatsUseTheirOwnShortestForm() {
    // Widening 0.1f to double would print 0.10000000149011612.
    assertThat(MesosJson.print(FloatValue.of(0.1f))).isEqualTo("{\"value\":0.1}");
    assertThat(MesosJson.print(FloatValue.of(Float.NEGATIVE_INFINITY)))
        .isEqualTo("{\"value\":\"-Infinity\"}");
  }

  @Test
  void mapFieldsPrintAsObjectsAndOnlyTheSetOneofMember() {
    Struct struct =
        Struct.newBuilder()
            .putFields("k", com.google.protobuf.Value.newBuilder().setStringValue("x").build())
            .build();
    assertThat(MesosJson.print(struct)).isEqualTo("{\"fields\":{\"k\":{\"string_value\":\"x\"}}}");
  }

  @Test
  void nonAsciiIsEscaped() {
    FrameworkInfo info =
        FrameworkInfo.newBuilder()
            .setUser("r\u00f6ot")
            .setName("caf\u00e9 \u2615 \ud83d\ude00 \"q\" \\ \n\u0001")
            .build();
    String json = MesosJson.print(info);
    assertThat(json)
        .startsWith(
            "{\"user\":\"r\\u00F6ot\",\"name\":\"caf\\u00E9 \\u2615 \\uD83D\\uDE00 \\\"q\\\" \\\\"
                + " \\n"
                + "\\u0001\",");
    assertThat(json.chars().allMatch(c -> c < 0x80)).isTrue();
  }

  @Test
  void repeatedEnumsPrintTheirNamesAndEmptyRepeatedFieldsAreOmitted() {
    assertThat(MesosJson.print(CapabilityInfo.getDefaultInstance())).isEqualTo("{}");
    assertThat(
            MesosJson.print(
                CapabilityInfo.newBuilder()
                    .addCapabilities(CapabilityInfo.Capability.CHOWN)
                    .addCapabilities(CapabilityInfo.Capability.NET_ADMIN)
                    .build()))
        .isEqualTo("{\"capabilities\":[\"CHOWN\",\"NET_ADMIN\"]}");
  }

  @Test
  void printsBuildersAndStreamsWithoutFlushingOrClosing() throws IOException {
    FrameworkInfo.Builder builder = FrameworkInfo.newBuilder().setUser("u").setName("n");
    builder.getIdBuilder().setValue("f");
    String expected =
        "{\"user\":\"u\",\"name\":\"n\",\"id\":{\"value\":\"f\"},\"failover_timeout\":0.0,"
            + "\"checkpoint\":false}";
    assertThat(MesosJson.print(builder)).isEqualTo(expected);
    assertThat(MesosJson.printBytes(builder.build()))
        .isEqualTo(expected.getBytes(StandardCharsets.US_ASCII));

    boolean[] closedOrFlushed = {false};
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream out =
        new OutputStream() {
          @Override
          public void write(int b) {
            sink.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            sink.write(b, off, len);
          }

          @Override
          public void flush() {
            closedOrFlushed[0] = true;
          }

          @Override
          public void close() {
            closedOrFlushed[0] = true;
          }
        };
    MesosJson.print(builder, out);
    assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo(expected);
    assertThat(closedOrFlushed[0]).isFalse();
  }
}
