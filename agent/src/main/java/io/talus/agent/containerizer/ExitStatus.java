package io.talus.agent.containerizer;

import java.util.OptionalInt;

/**
 * How a process ended, as the supervisor saw it.
 *
 * @param code the exit code the shell reports ({@code 128 + n} when signal {@code n} ended it);
 *     empty when unknown (the supervisor died before it could record it)
 * @param memoryLimitExceeded the container's memory limit was hit and the kernel killed it
 */
public record ExitStatus(OptionalInt code, boolean memoryLimitExceeded) {

  public static ExitStatus exited(int code) {
    return new ExitStatus(OptionalInt.of(code), false);
  }

  public static ExitStatus unknown() {
    return new ExitStatus(OptionalInt.empty(), false);
  }

  public boolean succeeded() {
    return code.isPresent() && code.getAsInt() == 0 && !memoryLimitExceeded;
  }

  /** The Mesos command executor's wording: "Command exited with status 3". */
  public String message() {
    if (memoryLimitExceeded) {
      return "Memory limit exceeded: the container was killed by the kernel's OOM killer";
    }
    if (code.isEmpty()) {
      return "Command exit status unknown: it ended while nothing was watching it";
    }
    int c = code.getAsInt();
    if (c > 128 && c < 128 + 65) {
      return "Command terminated with signal " + (c - 128) + " (exit status " + c + ")";
    }
    return "Command exited with status " + c;
  }
}
