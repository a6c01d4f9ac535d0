package io.talus.registry;

import static com.tngtech.archunit.core.domain.AccessTarget.Predicates.declaredIn;
import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.RandomAccessFile;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * {@code Registry.apply} must give the same result on every replica, so the registry's main
 * classes read no clock, no randomness, no files, no threads and no environment (STYLE.md rule 3).
 * {@link DeterminismRulesCanFailTest} proves that each rule fires on a class that breaks it.
 */
@AnalyzeClasses(packages = "io.talus.registry", importOptions = ImportOption.DoNotIncludeTests.class)
public class DeterminismRulesTest {

  @ArchTest
  public static final ArchRule NO_CLOCK = noClasses()
      .should().callMethod(System.class, "currentTimeMillis")
      .orShould().callMethod(System.class, "nanoTime")
      .orShould().callMethodWhere(target(declaredIn(resideInAPackage("java.time..")).and(name("now"))))
      .orShould().dependOnClassesThat().areAssignableTo(Clock.class)
      .orShould().dependOnClassesThat().areAssignableTo(InstantSource.class)
      .because("apply reads no clock: every time it records comes in the op's time_nanos");

  @ArchTest
  public static final ArchRule NO_RANDOMNESS = noClasses()
      .should().callMethod(UUID.class, "randomUUID")
      .orShould().callMethod(Math.class, "random")
      .orShould().callMethod(StrictMath.class, "random")
      .orShould().callMethod(ThreadLocalRandom.class, "current")
      .orShould().callConstructor(Random.class)
      .orShould().callConstructor(Random.class, long.class)
      .orShould().callConstructor(SecureRandom.class)
      .orShould().dependOnClassesThat().areAssignableTo(RandomGenerator.class)
      .because("apply uses no randomness: ids derive from the cluster id and the log position");

  @ArchTest
  public static final ArchRule NO_FILES_OR_THREADS = noClasses()
      .should().dependOnClassesThat().belongToAnyOf(
          File.class, FileInputStream.class, FileOutputStream.class, RandomAccessFile.class)
      .orShould().dependOnClassesThat().resideInAPackage("java.nio.file..")
      .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
      .orShould().dependOnClassesThat().areAssignableTo(Executor.class)
      .orShould().dependOnClassesThat().belongToAnyOf(Executors.class)
      .because("apply does no IO and starts no threads; the consensus layer owns both");

  @ArchTest
  public static final ArchRule NO_ENVIRONMENT = noClasses()
      .should().callMethod(System.class, "getenv")
      .orShould().callMethod(System.class, "getenv", String.class)
      .orShould().callMethod(System.class, "getProperty", String.class)
      .orShould().callMethod(System.class, "getProperty", String.class, String.class)
      .orShould().callMethod(Locale.class, "getDefault")
      .orShould().callMethod(String.class, "format", String.class, Object[].class)
      .orShould().callMethod(String.class, "formatted", Object[].class)
      .orShould().callMethod(String.class, "toLowerCase")
      .orShould().callMethod(String.class, "toUpperCase")
      .because("apply's output must not depend on the host: a default-locale String.format renders "
          + "digits in the locale's numbering system (use Locale.ROOT)");

  /** Guards against a vacuous pass: the rules above see the registry's main classes, only those. */
  @ArchTest
  static void importsTheMainClassesOnly(JavaClasses classes) {
    assertThat(classes.contain(Registry.class)).isTrue();
    assertThat(classes.contain(FrameworkOps.class)).isTrue();
    assertThat(classes.contain(RegistryOpGenerator.class)).as("test fixtures are not checked").isFalse();
  }

  /** The classes the rules check, for tests that want them outside ArchUnit's engine. */
  static JavaClasses mainClasses() {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.talus.registry");
  }
}
