package io.talus.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.talus.mesos.v1.Protos.CapabilityInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.mesos.v1.Protos.TimeInfo;
import io.talus.mesos.v1.Protos.Value;
import io.talus.mesos.v1.scheduler.Protos.Call;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each input rule of Mesos's JSON parser, and what JsonFormat (under MesosJson) does with it. */
class MesosJsonParseTest {

  private static final String FW = "\"user\":\"u\",\"name\":\"n\"";

  private static FrameworkInfo framework(String extraMembers) throws MesosJsonException {
    return MesosJson.parse("{" + FW + extraMembers + "}", FrameworkInfo.getDefaultInstance());
  }

  @Test
  void protoFieldNamesAndNestedMessages() throws Exception {
    Call call =
        MesosJson.parse(
            "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{"
                + FW
                + ",\"roles\":[\"a\"]}}}",
            Call.getDefaultInstance());
    assertThat(call.getType()).isEqualTo(Call.Type.SUBSCRIBE);
    assertThat(call.getSubscribe().getFrameworkInfo().getRolesList()).containsExactly("a");
    assertThat(call.getSubscribe().getFrameworkInfo().hasCheckpoint()).isFalse();
  }

  @Test
  void numbersMayArriveAsStrings() throws Exception {
    assertThat(MesosJson.parse("{\"nanoseconds\":\"-123\"}", TimeInfo.getDefaultInstance()))
        .isEqualTo(TimeInfo.newBuilder().setNanoseconds(-123).build());
    assertThat(framework(",\"failover_timeout\":\"12.5\"").getFailoverTimeout()).isEqualTo(12.5);
    assertThat(
            MesosJson.parse(
                    "{\"id\":\"m\",\"ip\":\"4294967295\",\"port\":\"5050\"}",
                    MasterInfo.getDefaultInstance())
                .getIp())
        .isEqualTo(-1);
  }

  @Test
  void largeIntegersAreExact() throws Exception {
    assertThat(
            MesosJson.parse(
                "{\"begin\":18446744073709551615,\"end\":9007199254740993}",
                Value.Range.getDefaultInstance()))
        .isEqualTo(Value.Range.newBuilder().setBegin(-1L).setEnd(9007199254740993L).build());
    assertThat(
            MesosJson.parse("{\"nanoseconds\":1e3}", TimeInfo.getDefaultInstance())
                .getNanoseconds())
        .isEqualTo(1000);
  }

  @Test
  void infinityAndNanStringsForDoubles() throws Exception {
    assertThat(framework(",\"failover_timeout\":\"Infinity\"").getFailoverTimeout())
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(framework(",\"failover_timeout\":\"-Infinity\"").getFailoverTimeout())
        .isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(framework(",\"failover_timeout\":\"NaN\"").getFailoverTimeout()).isNaN();
  }

  @Test
  void boolsMayArriveAsStrings() throws Exception {
    assertThat(framework(",\"checkpoint\":\"true\"").getCheckpoint()).isTrue();
    FrameworkInfo f = framework(",\"checkpoint\":\"false\"");
    assertThat(f.hasCheckpoint()).isTrue();
    assertThat(f.getCheckpoint()).isFalse();
  }

  @Test
  void nullMeansUnsetEverywhere() throws Exception {
    FrameworkInfo f =
        framework(
            ",\"checkpoint\":null,\"id\":null,\"capabilities\":null,\"roles\":[\"a\",null,\"b\"]");
    assertThat(f.hasCheckpoint()).isFalse();
    assertThat(f.hasId()).isFalse();
    assertThat(f.getCapabilitiesCount()).isZero();
    // JsonFormat alone rejects a null array element; Mesos skips it.
    assertThat(f.getRolesList()).containsExactly("a", "b");
  }

  @Test
  void unknownKeysAreIgnoredAtEveryLevel() throws Exception {
    Call call =
        MesosJson.parse(
            "{\"type\":\"SUBSCRIBE\",\"future\":{\"x\":[1,{\"y\":null}]},"
                + "\"subscribe\":{\"framework_info\":{"
                + FW
                + ",\"new_field\":true},\"also_new\":[]}}",
            Call.getDefaultInstance());
    assertThat(call.getSubscribe().getFrameworkInfo().getUser()).isEqualTo("u");
    assertThat(call.getUnknownFields().asMap()).isEmpty();
  }

  @Test
  void unknownEnumNameIsDroppedOnOptionalAndRepeatedFields() throws Exception {
    TaskStatus status =
        MesosJson.parse(
            "{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_RUNNING\","
                + "\"reason\":\"REASON_FROM_THE_FUTURE\"}",
            TaskStatus.getDefaultInstance());
    assertThat(status.hasReason()).isFalse();

    CapabilityInfo caps =
        MesosJson.parse(
            "{\"capabilities\":[\"CHOWN\",\"NOT_A_CAPABILITY\",\"NET_ADMIN\"]}",
            CapabilityInfo.getDefaultInstance());
    assertThat(caps.getCapabilitiesList())
        .containsExactly(CapabilityInfo.Capability.CHOWN, CapabilityInfo.Capability.NET_ADMIN);

    FrameworkInfo f =
        framework(",\"capabilities\":[{\"type\":\"FUTURE\"},{\"type\":\"MULTI_ROLE\"}]");
    assertThat(f.getCapabilities(0).hasType()).isFalse();
    assertThat(f.getCapabilities(1).getType()).isEqualTo(FrameworkInfo.Capability.Type.MULTI_ROLE);
  }

  @Test
  void unknownEnumNameOnARequiredFieldIsAnError() {
    assertThatThrownBy(
            () ->
                MesosJson.parse(
                    "{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_FROM_THE_FUTURE\"}",
                    TaskStatus.getDefaultInstance()))
        .isInstanceOf(MesosJsonException.class)
        .hasMessage("Invalid JSON for mesos.v1.TaskStatus: missing required fields: state");
  }

  @Test
  void missingRequiredFieldsAreNamedByPath() {
    assertThatThrownBy(
            () -> MesosJson.parse("{\"name\":\"n\"}", FrameworkInfo.getDefaultInstance()))
        .isInstanceOf(MesosJsonException.class)
        .hasMessage("Invalid JSON for mesos.v1.FrameworkInfo: missing required fields: user");
    assertThatThrownBy(
            () ->
                MesosJson.parse(
                    "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{}}}",
                    Call.getDefaultInstance()))
        .isInstanceOf(MesosJsonException.class)
        .hasMessageContaining("subscribe.framework_info.user")
        .hasMessageContaining("subscribe.framework_info.name");
  }

  @Test
  void bytesArePaddedBase64() throws Exception {
    TaskStatus status =
        MesosJson.parse(
            "{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_RUNNING\","
                + "\"uuid\":\"AAECAwQFBgcICQoLDA0ODw==\"}",
            TaskStatus.getDefaultInstance());
    assertThat(status.getUuid().size()).isEqualTo(16);
    assertThat(status.getUuid().byteAt(15)).isEqualTo((byte) 15);
    assertThatThrownBy(
            () ->
                MesosJson.parse(
                    "{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_RUNNING\",\"uuid\":\"!!\"}",
                    TaskStatus.getDefaultInstance()))
        .isInstanceOf(MesosJsonException.class)
        .hasMessageStartingWith("Invalid JSON for mesos.v1.TaskStatus:");
  }

  @Test
  void nonAsciiInEitherInputForm() throws Exception {
    String json = "{\"user\":\"r\u00f6ot\",\"name\":\"\\u2615 \ud83d\ude00\"}";
    FrameworkInfo fromString = MesosJson.parse(json, FrameworkInfo.getDefaultInstance());
    FrameworkInfo fromBytes =
        MesosJson.parse(json.getBytes(StandardCharsets.UTF_8), FrameworkInfo.getDefaultInstance());
    assertThat(fromString.getUser()).isEqualTo("r\u00f6ot");
    assertThat(fromString.getName()).isEqualTo("\u2615 \ud83d\ude00");
    assertThat(fromBytes).isEqualTo(fromString);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"user\":\"u\",\"name\":",
        "{\"user\":\"u\",\"name\":\"n\"} trailing",
        "{\"user\":\"u\",\"name\":\"n\"}{}",
        "{'user':'u','name':'n'}",
        "{user:\"u\",name:\"n\"}",
        "{\"user\":\"u\",\"name\":\"n\",}",
        "[{\"user\":\"u\",\"name\":\"n\"}]",
        "\"just a string\"",
        "null",
        "",
        "   "
      })
  void malformedJsonIsRejectedWithAClearMessage(String json) {
    // JsonFormat on its own accepts the quote, name and trailing-content cases.
    assertThatThrownBy(() -> MesosJson.parse(json, FrameworkInfo.getDefaultInstance()))
        .isInstanceOf(MesosJsonException.class)
        .hasMessageStartingWith("Malformed JSON: ");
    assertThatThrownBy(
            () ->
                MesosJson.parse(
                    json.getBytes(StandardCharsets.UTF_8), FrameworkInfo.getDefaultInstance()))
        .isInstanceOf(MesosJsonException.class)
        .hasMessageStartingWith("Malformed JSON: ");
  }

  @Test
  void malformedJsonMessageSaysWhere() {
    assertThatThrownBy(
            () ->
                MesosJson.parse(
                    "{\"user\":\"u\",\n\"name\" \"n\"}", FrameworkInfo.getDefaultInstance()))
        .hasMessageContaining("line 2, column");
  }

  @Test
  void valuesOfTheWrongKindAreRejected() {
    assertThatThrownBy(() -> framework(",\"checkpoint\":{}"))
        .isInstanceOf(MesosJsonException.class)
        .hasMessageStartingWith("Invalid JSON for mesos.v1.FrameworkInfo:");
    assertThatThrownBy(() -> framework(",\"id\":\"not an object\""))
        .isInstanceOf(MesosJsonException.class);
    assertThatThrownBy(() -> framework(",\"checkpoint\":\"yes\""))
        .isInstanceOf(MesosJsonException.class);
    assertThatThrownBy(() -> framework(",\"failover_timeout\":\"soon\""))
        .isInstanceOf(MesosJsonException.class);
  }

  @Test
  void fractionalValuesForIntegerFieldsAreRejectedUnlikeMesos() {
    // Mesos truncates 1.5 to 1; JsonFormat refuses. Integral spellings such as 15.0 are accepted.
    assertThatThrownBy(
            () -> MesosJson.parse("{\"nanoseconds\":1.5}", TimeInfo.getDefaultInstance()))
        .isInstanceOf(MesosJsonException.class)
        .hasMessageContaining("Not an int64 value: 1.5");
  }

  @Test
  void duplicateKeysTakeTheLastValueAsMesosDoes() throws Exception {
    assertThat(
            MesosJson.parse(
                    "{\"user\":\"u\",\"name\":\"first\",\"name\":\"last\"}",
                    FrameworkInfo.getDefaultInstance())
                .getName())
        .isEqualTo("last");
  }

  @Test
  void parsedMessagesAreComplete() throws Exception {
    TaskStatus status =
        MesosJson.parse(
            "{\"task_id\":{\"value\":\"t\"},\"state\":\"TASK_LOST\",\"data\":\"\"}",
            TaskStatus.getDefaultInstance());
    assertThat(status.isInitialized()).isTrue();
    assertThat(status.getState()).isEqualTo(TaskState.TASK_LOST);
    assertThat(status.hasData()).isTrue();
    assertThat(status.getData()).isEqualTo(ByteString.EMPTY);
  }
}
