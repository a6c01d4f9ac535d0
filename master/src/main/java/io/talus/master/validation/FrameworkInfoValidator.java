package io.talus.master.validation;

import io.talus.mesos.v1.Protos.FrameworkInfo.Capability;
import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.protocol.ids.MesosIds;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Mesos's checks on a {@code FrameworkInfo} at SUBSCRIBE and UPDATE_FRAMEWORK ({@code
 * framework::validate}). A failure is {@link ValidationResult.Kind#BAD_REQUEST}; on SUBSCRIBE the
 * handler sends it as an ERROR event and closes the stream, as Mesos does.
 */
public final class FrameworkInfoValidator {

  private FrameworkInfoValidator() {}

  public static ValidationResult validate(FrameworkInfo info) {
    if (!info.hasUser()) {
      return ValidationResult.badRequest("'FrameworkInfo.user' must be set");
    }
    if (!info.hasName()) {
      return ValidationResult.badRequest("'FrameworkInfo.name' must be set");
    }
    if (info.hasId()) {
      Optional<String> idError = MesosIds.validate(info.getId().getValue());
      if (idError.isPresent()) {
        return ValidationResult.badRequest("'FrameworkInfo.id' is invalid: " + idError.get());
      }
    }
    double failover = info.getFailoverTimeout();
    if (!Double.isFinite(failover) || failover < 0) {
      return ValidationResult.badRequest(
          "Invalid 'FrameworkInfo.failover_timeout': " + failover + " (must be finite and >= 0)");
    }
    Set<Capability.Type> duplicateCapabilities =
        duplicates(info.getCapabilitiesList(), Capability::getType);
    if (!duplicateCapabilities.isEmpty()) {
      return ValidationResult.badRequest(
          "'FrameworkInfo.capabilities' contains duplicate items: " + duplicateCapabilities);
    }
    return validateRoles(info);
  }

  /** Whether the framework declared {@code capability}. */
  public static boolean hasCapability(FrameworkInfo info, Capability.Type capability) {
    return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == capability);
  }

  private static ValidationResult validateRoles(FrameworkInfo info) {
    boolean multiRole = hasCapability(info, Capability.Type.MULTI_ROLE);
    if (!multiRole) {
      if (info.getRolesCount() > 0) {
        return ValidationResult.badRequest(
            "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable");
      }
      return Roles.validate(info.getRole())
          .map(e -> ValidationResult.badRequest("'FrameworkInfo.role' is not a valid role: " + e))
          .orElse(ValidationResult.ok());
    }
    // An explicit "*" is what an unset role reads as, so it does not name a second role.
    if (info.hasRole() && !info.getRole().equals(Roles.DEFAULT_ROLE)) {
      return ValidationResult.badRequest(
          "'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable");
    }
    Set<String> duplicateRoles = duplicates(info.getRolesList(), Function.identity());
    if (!duplicateRoles.isEmpty()) {
      return ValidationResult.badRequest(
          "'FrameworkInfo.roles' contains duplicate items: " + duplicateRoles);
    }
    for (String role : info.getRolesList()) {
      Optional<String> error = Roles.validate(role);
      if (error.isPresent()) {
        return ValidationResult.badRequest(
            "'FrameworkInfo.roles' contains invalid role: " + error.get());
      }
    }
    return ValidationResult.ok();
  }

  private static <T, K> Set<K> duplicates(List<T> items, Function<T, K> key) {
    Set<K> seen = new LinkedHashSet<>();
    Set<K> duplicates = new LinkedHashSet<>();
    for (T item : items) {
      if (!seen.add(key.apply(item))) {
        duplicates.add(key.apply(item));
      }
    }
    return duplicates;
  }
}
