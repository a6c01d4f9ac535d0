package io.talus.protocol.ids;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MesosIdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"t1", "my-task.0", "a:b", "...", "ünïcode"})
  void validIds(String id) {
    assertThat(MesosIds.validate(id)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|ID must not be empty",
        ".|'.' is disallowed",
        "..|'..' is disallowed",
        "a/b|'a/b' contains invalid characters",
        "a\\b|'a\\b' contains invalid characters",
      })
  void invalidIds(String id, String message) {
    assertThat(MesosIds.validate(id)).contains(message);
  }

  @Test
  void idsRejectControlCharactersAndOverlongNames() {
    assertThat(MesosIds.validate("a\nb")).contains("'a\nb' contains invalid characters");
    assertThat(MesosIds.validate("x".repeat(255))).isEmpty();
    assertThat(MesosIds.validate("x".repeat(256)))
        .contains("ID must not be greater than 255 characters");
  }
}
