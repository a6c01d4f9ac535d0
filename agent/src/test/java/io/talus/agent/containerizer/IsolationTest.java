package io.talus.agent.containerizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The choice of isolation, against fake cgroup filesystems. */
class IsolationTest {

  @TempDir Path fs;

  @Test
  void unifiedHierarchyWithCpuAndMemoryIsV2() throws IOException {
    Files.writeString(fs.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids\n");

    assertThat(Isolation.layout(fs)).isEqualTo(new Isolation.Layout.V2(fs));
  }

  @Test
  void unifiedHierarchyWithoutMemoryIsUnusable() throws IOException {
    Files.writeString(fs.resolve("cgroup.controllers"), "cpu io pids\n");

    assertThat(Isolation.layout(fs)).isInstanceOf(Isolation.Layout.Unusable.class)
        .hasToString("Unusable[reason=cgroups v2 at " + fs
            + " lacks the cpu or memory controller (has cpu io pids)]");
  }

  @Test
  void hybridMachineUsesV1NotTheEmptyUnifiedHierarchy() throws IOException {
    v1(fs);
    Files.createDirectories(fs.resolve("unified"));
    Files.writeString(fs.resolve("unified/cgroup.controllers"), "hugetlb\n");

    assertThat(Isolation.layout(fs))
        .isEqualTo(new Isolation.Layout.V1(fs.resolve("memory"), fs.resolve("cpu")));
  }

  @Test
  void missingCpuHierarchyIsUnusable() throws IOException {
    Files.createDirectories(fs.resolve("memory"));
    Files.writeString(fs.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");

    assertThat(((Isolation.Layout.Unusable) Isolation.layout(fs)).reason())
        .contains("no cgroups v1 cpu hierarchy");
  }

  @Test
  void noCgroupFilesystemIsUnusable() {
    assertThat(((Isolation.Layout.Unusable) Isolation.layout(fs.resolve("absent"))).reason())
        .isEqualTo("no cgroup filesystem at " + fs.resolve("absent"));
  }

  @Test
  void hierarchyWhereNewCgroupsGetNoControlFilesIsNotACgroupFilesystem() throws IOException {
    v1(fs);

    Isolator isolator = Isolation.detect(fs, "talus");

    assertThat(isolator.description()).isEqualTo("none: cgroups v1 hierarchy "
        + fs.resolve("memory") + " is not usable: a new cgroup has no cgroup.procs");
    assertThat(Files.exists(fs.resolve("memory/talus/probe-" + ProcessHandle.current().pid())))
        .isFalse();
  }

  @Test
  void hierarchyWhereNoCgroupCanBeMadeIsNotWritable() throws IOException {
    v1(fs);
    // A file where the cgroup root should go: mkdir fails as it would without permission.
    Files.writeString(fs.resolve("memory/talus"), "");

    assertThat(Isolation.detect(fs, "talus").description())
        .startsWith("none: cgroups v1 hierarchy " + fs.resolve("memory") + " not writable (");
  }

  @Test
  void autoFallsBackToNoneButCgroupsRefuses() {
    Path absent = fs.resolve("absent");

    assertThat(Isolation.select("auto", absent, "talus").description())
        .isEqualTo("none: no cgroup filesystem at " + absent);
    assertThatThrownBy(() -> Isolation.select("cgroups", absent, "talus"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no cgroup filesystem at " + absent);
    assertThat(Isolation.select("none", Isolation.CGROUP_FS, "talus").description())
        .isEqualTo("none: isolation mode 'none' asked for");
    assertThatThrownBy(() -> Isolation.select("docker", absent, "talus"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void containerIdsMustBeOnePathSegment() {
    CgroupsIsolator isolator = new CgroupsV2Isolator(fs, "talus");

    for (String bad : new String[] {"", ".", "..", "a/b", "../../etc"}) {
      assertThatThrownBy(() -> isolator.prepare(bad, LaunchSpec.ResourceLimits.NONE))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> isolator.destroy("talus/../../x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void v1(Path fs) throws IOException {
    Files.createDirectories(fs.resolve("memory"));
    Files.createDirectories(fs.resolve("cpu"));
    Files.writeString(fs.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
    Files.writeString(fs.resolve("cpu/cpu.cfs_quota_us"), "-1\n");
  }
}
