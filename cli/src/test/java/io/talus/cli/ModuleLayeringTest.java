package io.talus.cli;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.talus.driver.layeringfixture.DriverReachingIntoCli;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's module table as a rule: dependencies only point down its "may depend on" column,
 * and nothing depends on cli. cli depends on every other module (bench aside), so its test
 * classpath sees them all. Layers without classes yet are optional rather than failures.
 */
class ModuleLayeringTest {

  private static JavaClasses talus;

  @BeforeAll
  static void importTalus() {
    talus =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("io.talus");
  }

  static final ArchRule MODULE_TABLE =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .withOptionalLayers(true)
          .layer("protocol").definedBy("io.talus.protocol..", "io.talus.mesos..")
          .layer("storage").definedBy("io.talus.storage..")
          .layer("registry").definedBy("io.talus.registry..")
          .layer("consensus").definedBy("io.talus.consensus..")
          .layer("membership").definedBy("io.talus.membership..")
          .layer("http").definedBy("io.talus.http..")
          .layer("master").definedBy("io.talus.master..")
          .layer("agent").definedBy("io.talus.agent..")
          .layer("driver").definedBy("io.talus.driver..")
          .layer("chaos").definedBy("io.talus.chaos..")
          .layer("cli").definedBy("io.talus.cli..")
          .layer("bench").definedBy("io.talus.bench..")
          .whereLayer("protocol").mayNotAccessAnyLayer()
          .whereLayer("storage").mayOnlyAccessLayers("protocol")
          .whereLayer("registry").mayOnlyAccessLayers("protocol", "storage")
          .whereLayer("consensus").mayOnlyAccessLayers("registry", "storage", "protocol")
          .whereLayer("membership").mayOnlyAccessLayers("protocol")
          .whereLayer("http").mayOnlyAccessLayers("protocol")
          .whereLayer("master")
          .mayOnlyAccessLayers("consensus", "registry", "storage", "protocol", "membership", "http")
          .whereLayer("agent").mayOnlyAccessLayers("membership", "storage", "protocol", "http")
          .whereLayer("driver").mayOnlyAccessLayers("protocol")
          .whereLayer("chaos").mayOnlyAccessLayers("driver", "protocol")
          .whereLayer("bench")
          .mayOnlyAccessLayers(
              "protocol", "storage", "registry", "consensus", "membership", "master", "agent",
              "driver", "chaos")
          .whereLayer("cli").mayNotBeAccessedByAnyLayer();

  @Test
  void dependenciesFollowTheModuleTable() {
    MODULE_TABLE.check(talus);
  }

  @Test
  void theRuleRejectsAnUpwardDependency() {
    JavaClasses violation =
        new ClassFileImporter().importClasses(DriverReachingIntoCli.class, TalusCommand.class);

    assertThatThrownBy(() -> MODULE_TABLE.check(violation))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(DriverReachingIntoCli.class.getName())
        .hasMessageContaining(TalusCommand.class.getName());
  }

  @Test
  void theRuleSeesTheModulesItGuards() {
    Set<String> modules =
        talus.stream()
            .map(JavaClass::getPackageName)
            .map(name -> name.split("\\.")[2])
            .collect(Collectors.toSet());

    // A misconfigured import would make the rule pass vacuously.
    assertThat(modules)
        .contains("protocol", "mesos", "membership", "master", "agent", "driver", "chaos", "cli");
  }
}
