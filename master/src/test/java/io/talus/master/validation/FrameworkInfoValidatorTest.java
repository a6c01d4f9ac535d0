package io.talus.master.validation;

import static io.talus.master.validation.Fixtures.fw;
import static org.assertj.core.api.Assertions.assertThat;

import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.FrameworkInfo.Capability;
import org.junit.jupiter.api.Test;

class FrameworkInfoValidatorTest {

  private static FrameworkInfo.Builder info() {
    return FrameworkInfo.newBuilder().setUser("u").setName("n");
  }

  private static FrameworkInfo.Builder multiRole() {
    return info().addCapabilities(Capability.newBuilder().setType(Capability.Type.MULTI_ROLE));
  }

  private static ValidationResult validate(FrameworkInfo.Builder info) {
    return FrameworkInfoValidator.validate(info.buildPartial());
  }

  private static ValidationResult bad(String message) {
    return ValidationResult.badRequest(message);
  }

  @Test
  void minimalFrameworkIsValid() {
    assertThat(validate(info())).isEqualTo(ValidationResult.ok());
    assertThat(validate(info().setRole("eng/backend").setFailoverTimeout(3600).setId(fw("f"))))
        .isEqualTo(ValidationResult.ok());
  }

  @Test
  void userAndNameAreRequired() {
    assertThat(validate(FrameworkInfo.newBuilder().setName("n")))
        .isEqualTo(bad("'FrameworkInfo.user' must be set"));
    assertThat(validate(FrameworkInfo.newBuilder().setUser("u")))
        .isEqualTo(bad("'FrameworkInfo.name' must be set"));
  }

  @Test
  void frameworkIdMustBeAValidId() {
    assertThat(validate(info().setId(fw("a/b"))))
        .isEqualTo(bad("'FrameworkInfo.id' is invalid: 'a/b' contains invalid characters"));
  }

  @Test
  void failoverTimeoutIsFiniteAndNotNegative() {
    assertThat(validate(info().setFailoverTimeout(-1)))
        .isEqualTo(
            bad("Invalid 'FrameworkInfo.failover_timeout': -1.0 (must be finite and >= 0)"));
    assertThat(validate(info().setFailoverTimeout(Double.POSITIVE_INFINITY)).kind())
        .isEqualTo(ValidationResult.Kind.BAD_REQUEST);
    assertThat(validate(info().setFailoverTimeout(Double.NaN)).kind())
        .isEqualTo(ValidationResult.Kind.BAD_REQUEST);
    assertThat(validate(info().setFailoverTimeout(0))).isEqualTo(ValidationResult.ok());
  }

  @Test
  void capabilitiesMustNotRepeat() {
    Capability partitionAware =
        Capability.newBuilder().setType(Capability.Type.PARTITION_AWARE).build();
    assertThat(validate(info().addCapabilities(partitionAware).addCapabilities(partitionAware)))
        .isEqualTo(bad("'FrameworkInfo.capabilities' contains duplicate items: [PARTITION_AWARE]"));
  }

  @Test
  void rolesNeedMultiRole() {
    assertThat(validate(info().addRoles("a")))
        .isEqualTo(
            bad(
                "'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE"
                    + " capable"));
  }

  @Test
  void multiRoleFrameworkMustNotSetRole() {
    assertThat(validate(multiRole().setRole("a").addRoles("b")))
        .isEqualTo(
            bad("'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable"));
    assertThat(validate(multiRole().setRole("*").addRoles("b")))
        .isEqualTo(ValidationResult.ok());
  }

  @Test
  void multiRoleFrameworkWithRoles() {
    assertThat(validate(multiRole().addRoles("a").addRoles("b/c")))
        .isEqualTo(ValidationResult.ok());
    assertThat(validate(multiRole())).isEqualTo(ValidationResult.ok());
  }

  @Test
  void rolesMustNotRepeat() {
    assertThat(validate(multiRole().addRoles("a").addRoles("b").addRoles("a")))
        .isEqualTo(bad("'FrameworkInfo.roles' contains duplicate items: [a]"));
  }

  @Test
  void rolesMustBeValid() {
    assertThat(validate(multiRole().addRoles("a").addRoles("-b")))
        .isEqualTo(
            bad(
                "'FrameworkInfo.roles' contains invalid role: Role '-b' cannot have a path"
                    + " segment starting with '-'"));
    assertThat(validate(info().setRole("..")))
        .isEqualTo(
            bad(
                "'FrameworkInfo.role' is not a valid role: Role '..' cannot include '..' as a"
                    + " path segment"));
  }
}
