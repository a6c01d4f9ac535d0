package io.talus.protocol.ids;

import java.util.Optional;

/**
 * Mesos's rule for ids that become path components on agents (task, executor and framework ids
 * name sandbox directories), from {@code common::validation::validateID}.
 */
public final class MesosIds {

  /** Linux's NAME_MAX: an id longer than this cannot be a directory name. */
  static final int MAX_LENGTH = 255;

  private MesosIds() {}

  /** Why {@code id} cannot be used, or empty when it can. */
  public static Optional<String> validate(String id) {
    if (id.isEmpty()) {
      return Optional.of("ID must not be empty");
    }
    if (id.length() > MAX_LENGTH) {
      return Optional.of("ID must not be greater than " + MAX_LENGTH + " characters");
    }
    if (id.equals(".") || id.equals("..")) {
      return Optional.of("'" + id + "' is disallowed");
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (Character.isISOControl(c) || c == '/' || c == '\\') {
        return Optional.of("'" + id + "' contains invalid characters");
      }
    }
    return Optional.empty();
  }
}
