package io.talus.master.validation;

import io.talus.mesos.v1.scheduler.Protos.Call;

/**
 * The structural checks Mesos makes on a scheduler {@code Call} before looking at any state
 * ({@code scheduler::call::validate}): a type, the sub-message that type needs, and a framework id
 * on everything but SUBSCRIBE. The order matches Mesos, so the same bad call gets the same message.
 * UNKNOWN passes these checks and is then answered 501, as Mesos's HTTP handler does.
 */
public final class SchedulerCallValidator {

  /** Status update uuids are raw UUIDs; anything else cannot match an update the master sent. */
  static final int UUID_BYTES = 16;

  private SchedulerCallValidator() {}

  public static ValidationResult validate(Call call) {
    if (!call.isInitialized()) {
      return ValidationResult.badRequest(
          "Not initialized: " + String.join(", ", call.findInitializationErrors()));
    }
    if (!call.hasType()) {
      return ValidationResult.badRequest("Expecting 'type' to be present");
    }
    if (call.getType() == Call.Type.SUBSCRIBE) {
      return validateSubscribe(call);
    }
    if (!call.hasFrameworkId()) {
      return ValidationResult.badRequest("Expecting 'framework_id' to be present");
    }
    switch (call.getType()) {
      case UNKNOWN:
        return ValidationResult.notImplemented("Call type UNKNOWN is not implemented");
      case TEARDOWN:
      case REVIVE:
      case SUPPRESS:
        // Their sub-messages only narrow the call to some roles; absent means all roles.
        return ValidationResult.ok();
      case ACCEPT:
        return require(call.hasAccept(), "accept");
      case DECLINE:
        return require(call.hasDecline(), "decline");
      case ACCEPT_INVERSE_OFFERS:
        return require(call.hasAcceptInverseOffers(), "accept_inverse_offers");
      case DECLINE_INVERSE_OFFERS:
        return require(call.hasDeclineInverseOffers(), "decline_inverse_offers");
      case KILL:
        return require(call.hasKill(), "kill");
      case SHUTDOWN:
        return require(call.hasShutdown(), "shutdown");
      case ACKNOWLEDGE:
        if (!call.hasAcknowledge()) {
          return missing("acknowledge");
        }
        return validateUuid(call.getAcknowledge().getUuid().size(), "acknowledge.uuid");
      case ACKNOWLEDGE_OPERATION_STATUS:
        if (!call.hasAcknowledgeOperationStatus()) {
          return missing("acknowledge_operation_status");
        }
        return validateUuid(
            call.getAcknowledgeOperationStatus().getUuid().size(),
            "acknowledge_operation_status.uuid");
      case RECONCILE:
        return require(call.hasReconcile(), "reconcile");
      case RECONCILE_OPERATIONS:
        return require(call.hasReconcileOperations(), "reconcile_operations");
      case MESSAGE:
        if (!call.hasMessage()) {
          return missing("message");
        }
        return require(call.getMessage().hasData(), "message.data");
      case REQUEST:
        return require(call.hasRequest(), "request");
      case UPDATE_FRAMEWORK:
        if (!call.hasUpdateFramework()) {
          return missing("update_framework");
        }
        if (!call.getUpdateFramework().getFrameworkInfo().getId().equals(call.getFrameworkId())) {
          return ValidationResult.badRequest(
              "'framework_id' differs from 'update_framework.framework_info.id'");
        }
        return ValidationResult.ok();
      default:
        return ValidationResult.badRequest("Unknown call type " + call.getType());
    }
  }

  private static ValidationResult validateSubscribe(Call call) {
    if (!call.hasSubscribe()) {
      return missing("subscribe");
    }
    // Both unset is a new framework; the default FrameworkID instances are then equal.
    if (!call.getSubscribe().getFrameworkInfo().getId().equals(call.getFrameworkId())) {
      return ValidationResult.badRequest(
          "'framework_id' differs from 'subscribe.framework_info.id'");
    }
    return ValidationResult.ok();
  }

  private static ValidationResult validateUuid(int size, String field) {
    if (size != UUID_BYTES) {
      return ValidationResult.badRequest(
          "'" + field + "' must be " + UUID_BYTES + " bytes, not " + size);
    }
    return ValidationResult.ok();
  }

  private static ValidationResult require(boolean present, String field) {
    return present ? ValidationResult.ok() : missing(field);
  }

  private static ValidationResult missing(String field) {
    return ValidationResult.badRequest("Expecting '" + field + "' to be present");
  }
}
