package io.talus.master.validation;

import java.util.Optional;

/**
 * Mesos's role-name rule ({@code roles::validate}). Roles are hierarchical paths like {@code
 * eng/backend}, so each segment must be a usable name; {@code *} is the default role and only
 * valid as the whole name.
 */
public final class Roles {

  public static final String DEFAULT_ROLE = "*";

  private Roles() {}

  /** Why {@code role} is not a valid role name, or empty when it is. */
  public static Optional<String> validate(String role) {
    if (role.equals(DEFAULT_ROLE)) {
      return Optional.empty();
    }
    if (role.isEmpty()) {
      return Optional.of("Empty role name is invalid");
    }
    if (role.startsWith("/") || role.endsWith("/") || role.contains("//")) {
      return Optional.of(
          "Role '" + role + "' cannot start or end with '/' or contain an empty segment ('//')");
    }
    for (String segment : role.split("/")) {
      if (segment.equals(".") || segment.equals("..")) {
        return Optional.of("Role '" + role + "' cannot include '" + segment + "' as a path segment");
      }
      if (segment.equals(DEFAULT_ROLE)) {
        return Optional.of("Role '" + role + "' cannot include '*' as a path segment");
      }
      if (segment.startsWith("-")) {
        return Optional.of("Role '" + role + "' cannot have a path segment starting with '-'");
      }
    }
    for (int i = 0; i < role.length(); i++) {
      char c = role.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        return Optional.of("Role '" + role + "' cannot include whitespace or control characters");
      }
    }
    return Optional.empty();
  }
}
