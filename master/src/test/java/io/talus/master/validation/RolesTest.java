package io.talus.master.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RolesTest {

  @ParameterizedTest
  @ValueSource(strings = {"*", "web", "eng/backend", "a.b", "a-b", "a/b/c", "x*"})
  void validRoles(String role) {
    assertThat(Roles.validate(role)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|Empty role name is invalid",
        ".|Role '.' cannot include '.' as a path segment",
        "..|Role '..' cannot include '..' as a path segment",
        "a/../b|Role 'a/../b' cannot include '..' as a path segment",
        "-a|Role '-a' cannot have a path segment starting with '-'",
        "a/-b|Role 'a/-b' cannot have a path segment starting with '-'",
        "/a|Role '/a' cannot start or end with '/' or contain an empty segment ('//')",
        "a/|Role 'a/' cannot start or end with '/' or contain an empty segment ('//')",
        "a//b|Role 'a//b' cannot start or end with '/' or contain an empty segment ('//')",
        "a/*|Role 'a/*' cannot include '*' as a path segment",
        "'a b'|Role 'a b' cannot include whitespace or control characters",
      })
  void invalidRoles(String role, String message) {
    assertThat(Roles.validate(role)).contains(message);
  }

  @Test
  void controlCharactersInRoles() {
    assertThat(Roles.validate("a\tb")).isPresent();
    assertThat(Roles.validate("a\u0001b")).isPresent();
    assertThat(Roles.validate("a\u007fb")).isPresent();
  }
}
