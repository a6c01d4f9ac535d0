package io.talus.driver.examples;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs N shell tasks to completion, each exactly once: task {@code i} runs the command template
 * with {@code $i} (or {@code ${i}}) replaced by {@code i}. A task that ends other than
 * TASK_FINISHED (FAILED, LOST, DROPPED, ERROR, KILLED, GONE) is launched again under a new task ID,
 * up to {@code maxAttempts} launches; one that finished never is. {@link #termination()} completes
 * when all N have finished, and fails when one has used up its attempts.
 *
 * <pre>{@code
 * java -cp talus.jar io.talus.driver.examples.BatchFramework m1:5050,m2:5050 20 'echo task-$i'
 * }</pre>
 */
public final class BatchFramework extends SlotFramework {

  private static final Logger LOG = LoggerFactory.getLogger(BatchFramework.class);
  private static final Pattern INDEX = Pattern.compile("\\$\\{i}|\\$i\\b");

  private final String commandTemplate;
  private final int maxAttempts;
  private final BitSet finished = new BitSet(); // guarded by the SlotFramework lock

  public BatchFramework(FrameworkSettings settings, int tasks, String commandTemplate) {
    this(settings, tasks, commandTemplate, 5);
  }

  /** @param maxAttempts how many times a task is launched before the batch gives up */
  public BatchFramework(
      FrameworkSettings settings, int tasks, String commandTemplate, int maxAttempts) {
    super(settings, tasks);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    this.commandTemplate = commandTemplate;
    this.maxAttempts = maxAttempts;
  }

  /** The command of task {@code i}: the template with {@code $i} and {@code ${i}} replaced. */
  static String command(String template, int i) {
    return INDEX.matcher(template).replaceAll(Matcher.quoteReplacement(Integer.toString(i)));
  }

  @Override
  protected String command(int slot) {
    return command(commandTemplate, slot);
  }

  @Override
  protected boolean wantsTask(int slot, int attemptsSoFar) {
    return !finished.get(slot) && attemptsSoFar < maxAttempts;
  }

  @Override
  protected void ended(TaskAttempt attempt) {
    switch (attempt.latest()) {
      case TASK_FINISHED -> {
        finished.set(attempt.slot());
        if (finished.cardinality() == slotCount()) {
          LOG.info("{}: all {} tasks finished", settings.name(), slotCount());
          complete();
        }
      }
      default -> {
        if (attempt.attempt() >= maxAttempts) {
          fail("task " + attempt.slot() + " ended " + attempt.latest() + " in all "
              + maxAttempts + " attempts");
        } else {
          LOG.info("{}: task {} ended {}; launching it again", settings.name(), attempt.taskId(),
              attempt.latest());
        }
      }
    }
  }

  /** {@code BatchFramework MASTERS COUNT COMMAND [RESOURCES]}: exits 0 when all tasks finished. */
  public static void main(String[] args) throws InterruptedException {
    if (args.length < 3 || args.length > 4) {
      System.err.println(
          "usage: BatchFramework MASTERS COUNT COMMAND [RESOURCES]   (COMMAND may use $i)");
      System.exit(2);
    }
    FrameworkSettings settings = FrameworkSettings.named("batch")
        .withFailoverTimeout(Duration.ofMinutes(10));
    if (args.length == 4) {
      settings = settings.withTaskResources(args[3]);
    }
    BatchFramework batch = new BatchFramework(settings, Integer.parseInt(args[1]), args[2]);
    batch.start(List.of(args[0].split(",")));
    int exit = 0;
    try {
      batch.termination().get();
    } catch (ExecutionException e) {
      System.err.println("batch failed: " + e.getCause().getMessage());
      exit = 1;
    } finally {
      batch.stop();
    }
    System.exit(exit);
  }
}
