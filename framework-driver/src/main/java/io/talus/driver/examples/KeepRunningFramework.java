package io.talus.driver.examples;

import java.time.Duration;
import java.util.List;

/**
 * Keeps K instances of a long-running command up: it launches until K tasks run, and when one ends
 * (FAILED, KILLED, LOST, even FINISHED) launches a replacement under a new task ID. It runs until
 * {@link #stop()}, which tears the framework down and so kills the instances.
 *
 * <pre>{@code
 * java -cp talus.jar io.talus.driver.examples.KeepRunningFramework m1:5050 3 'sleep 1000'
 * }</pre>
 */
public final class KeepRunningFramework extends SlotFramework {

  private final String command;

  /** @param command run by every instance; {@code $i} is not replaced (the shell sees it) */
  public KeepRunningFramework(FrameworkSettings settings, int instances, String command) {
    super(settings, instances);
    this.command = command;
  }

  @Override
  protected String command(int slot) {
    return command;
  }

  @Override
  protected boolean wantsTask(int slot, int attemptsSoFar) {
    return true;
  }

  /** {@code KeepRunningFramework MASTERS INSTANCES COMMAND [RESOURCES]}, until interrupted. */
  public static void main(String[] args) throws Exception {
    if (args.length < 3 || args.length > 4) {
      System.err.println("usage: KeepRunningFramework MASTERS INSTANCES COMMAND [RESOURCES]");
      System.exit(2);
    }
    FrameworkSettings settings = FrameworkSettings.named("keep-running")
        .withFailoverTimeout(Duration.ofMinutes(10));
    if (args.length == 4) {
      settings = settings.withTaskResources(args[3]);
    }
    KeepRunningFramework framework =
        new KeepRunningFramework(settings, Integer.parseInt(args[1]), args[2]);
    Runtime.getRuntime().addShutdownHook(new Thread(framework::stop, "keep-running-stop"));
    framework.start(List.of(args[0].split(",")));
    framework.termination().get();
  }
}
