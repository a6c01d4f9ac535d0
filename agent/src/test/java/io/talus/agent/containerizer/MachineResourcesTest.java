package io.talus.agent.containerizer;

import static org.assertj.core.api.Assertions.assertThat;

import io.talus.protocol.resources.Resources;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineResourcesTest {

  static final long GIB = 1024L * 1024 * 1024;

  @TempDir Path dir;

  @Test
  void keepsBackForTheSystemAtMostHalf() {
    assertThat(MachineResources.format(2, 24 * GIB, 100 * GIB))
        .isEqualTo("cpus:2;mem:23552;disk:97280;ports:[31000-32000]");
    assertThat(MachineResources.format(1, GIB, 4 * GIB))
        .isEqualTo("cpus:1;mem:512;disk:2048;ports:[31000-32000]");
  }

  @Test
  void detectsThisMachineInResourcesSyntax() throws Exception {
    String detected = MachineResources.detect(dir.resolve("not/yet/made"));

    assertThat(detected).startsWith("cpus:" + Runtime.getRuntime().availableProcessors() + ";mem:")
        .endsWith(";ports:[31000-32000]");
    assertThat(Resources.parse(detected)).isNotNull();
  }

  @Test
  void readsMemTotalInKilobytes() throws Exception {
    Path meminfo = Files.writeString(dir.resolve("meminfo"),
        "MemTotal:       24684544 kB\nMemFree:        24440000 kB\n");

    assertThat(MachineResources.memTotal(meminfo)).hasValue(24684544L * 1024);
    assertThat(MachineResources.memTotal(dir.resolve("absent"))).isEmpty();
  }
}
