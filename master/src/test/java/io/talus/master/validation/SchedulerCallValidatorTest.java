package io.talus.master.validation;

import static io.talus.master.validation.Fixtures.AGENT;
import static io.talus.master.validation.Fixtures.FW;
import static io.talus.master.validation.Fixtures.fw;
import static io.talus.master.validation.Fixtures.taskId;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.talus.mesos.v1.Protos.ExecutorID;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchedulerCallValidatorTest {

  private static final FrameworkInfo INFO =
      FrameworkInfo.newBuilder().setUser("u").setName("n").build();

  private static ValidationResult validate(Call.Builder call) {
    return SchedulerCallValidator.validate(call.buildPartial());
  }

  private static Call.Builder call(Call.Type type) {
    return Call.newBuilder().setType(type).setFrameworkId(FW);
  }

  private static ValidationResult bad(String message) {
    return ValidationResult.badRequest(message);
  }

  @Test
  void typeIsRequired() {
    assertThat(validate(Call.newBuilder().setFrameworkId(FW)))
        .isEqualTo(bad("Expecting 'type' to be present"));
  }

  @Test
  void unknownTypeIsNotImplemented() {
    assertThat(validate(call(Call.Type.UNKNOWN)))
        .isEqualTo(ValidationResult.notImplemented("Call type UNKNOWN is not implemented"));
  }

  @Test
  void uninitializedCallIsRejected() {
    Call.Builder kill =
        call(Call.Type.KILL).setKill(Call.Kill.newBuilder().setAgentId(AGENT).buildPartial());
    assertThat(validate(kill).kind()).isEqualTo(ValidationResult.Kind.BAD_REQUEST);
    assertThat(validate(kill).message()).startsWith("Not initialized: ").contains("task_id");
  }

  @Test
  void newFrameworkSubscribesWithoutIds() {
    Call.Builder subscribe =
        Call.newBuilder()
            .setType(Call.Type.SUBSCRIBE)
            .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(INFO));
    assertThat(validate(subscribe)).isEqualTo(ValidationResult.ok());
  }

  @Test
  void resubscribeWithMatchingIds() {
    Call.Builder subscribe =
        call(Call.Type.SUBSCRIBE)
            .setSubscribe(
                Call.Subscribe.newBuilder().setFrameworkInfo(INFO.toBuilder().setId(FW)));
    assertThat(validate(subscribe).isOk()).isTrue();
  }

  @Test
  void subscribeNeedsSubscribeMessage() {
    assertThat(validate(Call.newBuilder().setType(Call.Type.SUBSCRIBE)))
        .isEqualTo(bad("Expecting 'subscribe' to be present"));
  }

  @Test
  void subscribeIdsMustAgree() {
    String message = "'framework_id' differs from 'subscribe.framework_info.id'";
    Call.Builder onlyCallId =
        call(Call.Type.SUBSCRIBE).setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(INFO));
    Call.Builder onlyInfoId =
        Call.newBuilder()
            .setType(Call.Type.SUBSCRIBE)
            .setSubscribe(
                Call.Subscribe.newBuilder().setFrameworkInfo(INFO.toBuilder().setId(FW)));
    Call.Builder different =
        call(Call.Type.SUBSCRIBE)
            .setSubscribe(
                Call.Subscribe.newBuilder()
                    .setFrameworkInfo(INFO.toBuilder().setId(fw("other"))));
    assertThat(validate(onlyCallId)).isEqualTo(bad(message));
    assertThat(validate(onlyInfoId)).isEqualTo(bad(message));
    assertThat(validate(different)).isEqualTo(bad(message));
  }

  @ParameterizedTest
  @EnumSource(
      value = Call.Type.class,
      names = {"SUBSCRIBE"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyOtherCallNeedsFrameworkId(Call.Type type) {
    assertThat(validate(Call.newBuilder().setType(type)))
        .isEqualTo(bad("Expecting 'framework_id' to be present"));
  }

  @ParameterizedTest
  @EnumSource(
      value = Call.Type.class,
      names = {"TEARDOWN", "REVIVE", "SUPPRESS"})
  void callsWithoutRequiredSubMessage(Call.Type type) {
    assertThat(validate(call(type))).isEqualTo(ValidationResult.ok());
  }

  @ParameterizedTest
  @EnumSource(
      value = Call.Type.class,
      names = {"SUBSCRIBE", "UNKNOWN", "TEARDOWN", "REVIVE", "SUPPRESS"},
      mode = EnumSource.Mode.EXCLUDE)
  void subMessageIsRequired(Call.Type type) {
    String field = type.name().toLowerCase();
    assertThat(validate(call(type))).isEqualTo(bad("Expecting '" + field + "' to be present"));
  }

  @Test
  void callsWithTheirSubMessageAreValid() {
    assertThat(validate(call(Call.Type.ACCEPT).setAccept(Call.Accept.getDefaultInstance())))
        .isEqualTo(ValidationResult.ok());
    assertThat(validate(call(Call.Type.DECLINE).setDecline(Call.Decline.getDefaultInstance())))
        .isEqualTo(ValidationResult.ok());
    assertThat(
            validate(call(Call.Type.KILL).setKill(Call.Kill.newBuilder().setTaskId(taskId("t")))))
        .isEqualTo(ValidationResult.ok());
    assertThat(
            validate(
                call(Call.Type.SHUTDOWN)
                    .setShutdown(
                        Call.Shutdown.newBuilder()
                            .setAgentId(AGENT)
                            .setExecutorId(ExecutorID.newBuilder().setValue("e")))))
        .isEqualTo(ValidationResult.ok());
    assertThat(
            validate(call(Call.Type.RECONCILE).setReconcile(Call.Reconcile.getDefaultInstance())))
        .isEqualTo(ValidationResult.ok());
    assertThat(validate(call(Call.Type.REQUEST).setRequest(Call.Request.getDefaultInstance())))
        .isEqualTo(ValidationResult.ok());
    assertThat(
            validate(
                call(Call.Type.ACCEPT_INVERSE_OFFERS)
                    .setAcceptInverseOffers(Call.AcceptInverseOffers.getDefaultInstance())))
        .isEqualTo(ValidationResult.ok());
    assertThat(
            validate(
                call(Call.Type.DECLINE_INVERSE_OFFERS)
                    .setDeclineInverseOffers(Call.DeclineInverseOffers.getDefaultInstance())))
        .isEqualTo(ValidationResult.ok());
  }

  private static Call.Builder acknowledge(int uuidBytes) {
    return call(Call.Type.ACKNOWLEDGE)
        .setAcknowledge(
            Call.Acknowledge.newBuilder()
                .setAgentId(AGENT)
                .setTaskId(taskId("t"))
                .setUuid(ByteString.copyFrom(new byte[uuidBytes])));
  }

  @Test
  void acknowledgeUuidIsSixteenBytes() {
    assertThat(validate(acknowledge(16))).isEqualTo(ValidationResult.ok());
    assertThat(validate(acknowledge(15)))
        .isEqualTo(bad("'acknowledge.uuid' must be 16 bytes, not 15"));
    assertThat(validate(acknowledge(36)))
        .isEqualTo(bad("'acknowledge.uuid' must be 16 bytes, not 36"));
  }

  @Test
  void messageNeedsData() {
    Call.Message.Builder message =
        Call.Message.newBuilder()
            .setAgentId(AGENT)
            .setExecutorId(ExecutorID.newBuilder().setValue("e"));
    assertThat(validate(call(Call.Type.MESSAGE).setMessage(message.buildPartial())))
        .extracting(ValidationResult::kind)
        .isEqualTo(ValidationResult.Kind.BAD_REQUEST);
    assertThat(
            validate(
                call(Call.Type.MESSAGE)
                    .setMessage(message.setData(ByteString.copyFromUtf8("hi")))))
        .isEqualTo(ValidationResult.ok());
  }

  @Test
  void updateFrameworkIdMustMatchCall() {
    Call.Builder same =
        call(Call.Type.UPDATE_FRAMEWORK)
            .setUpdateFramework(
                Call.UpdateFramework.newBuilder().setFrameworkInfo(INFO.toBuilder().setId(FW)));
    Call.Builder other =
        call(Call.Type.UPDATE_FRAMEWORK)
            .setUpdateFramework(
                Call.UpdateFramework.newBuilder()
                    .setFrameworkInfo(INFO.toBuilder().setId(fw("other"))));
    assertThat(validate(same)).isEqualTo(ValidationResult.ok());
    assertThat(validate(other))
        .isEqualTo(bad("'framework_id' differs from 'update_framework.framework_info.id'"));
  }
}
