package io.talus.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Each determinism rule fires on a class that breaks it, once per banned call. */
class DeterminismRulesCanFailTest {

  /** Never run: it only has to be compiled so that the rules can inspect its calls. */
  @SuppressWarnings("unused")
  static final class Violations {
    long clock() {
      return System.currentTimeMillis() + System.nanoTime() + Instant.now().getNano()
          + LocalDateTime.now().getNano() + Clock.systemUTC().millis();
    }

    double randomness() {
      return UUID.randomUUID().hashCode() + Math.random() + new Random().nextInt() + new Random(1).nextInt()
          + new SecureRandom().nextInt() + ThreadLocalRandom.current().nextInt();
    }

    Object filesAndThreads() throws Exception {
      new Thread(() -> { }).start();
      return Files.readAllBytes(Path.of("x")).length + new File("x").length();
    }

    String environment(int index) {
      return String.format("%04d", index) + System.getenv("HOME") + System.getProperty("user.name")
          + Locale.getDefault() + "X".toLowerCase();
    }
  }

  private static final JavaClasses VIOLATIONS = new ClassFileImporter().importClasses(Violations.class);

  private static String report(ArchRule rule) {
    EvaluationResult result = rule.evaluate(VIOLATIONS);
    assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
    return String.join("\n", result.getFailureReport().getDetails());
  }

  @Test
  void clockRuleCatchesEveryClockRead() {
    assertThat(report(DeterminismRulesTest.NO_CLOCK)).contains(
        "System.currentTimeMillis()", "System.nanoTime()", "Instant.now()", "LocalDateTime.now()",
        "Clock.systemUTC()");
  }

  @Test
  void randomnessRuleCatchesEverySourceOfRandomness() {
    assertThat(report(DeterminismRulesTest.NO_RANDOMNESS)).contains(
        "UUID.randomUUID()", "Math.random()", "Random.<init>()", "Random.<init>(long)",
        "SecureRandom.<init>()", "ThreadLocalRandom.current()");
  }

  @Test
  void filesAndThreadsRuleCatchesFilesAndThreads() {
    assertThat(report(DeterminismRulesTest.NO_FILES_OR_THREADS)).contains(
        "java.lang.Thread", "java.nio.file.Files", "java.io.File");
  }

  @Test
  void environmentRuleCatchesHostDependentCalls() {
    assertThat(report(DeterminismRulesTest.NO_ENVIRONMENT)).contains(
        "String.format(java.lang.String, [Ljava.lang.Object;)", "System.getenv(java.lang.String)",
        "System.getProperty(java.lang.String)", "Locale.getDefault()", "String.toLowerCase()");
  }
}
