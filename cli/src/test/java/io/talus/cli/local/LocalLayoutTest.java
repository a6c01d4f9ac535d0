package io.talus.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalLayoutTest {

  private static final Path DIR = Path.of("/tmp/cluster");
  private static final List<String> JAVA = List.of("/jdk/bin/java", "-XX:+UseZGC", "-cp", "/t.jar", "Main");

  @Test
  void mastersShareTheirPeersAndSeedsAndAgentsJoinThroughTheMasters() {
    List<NodeSpec> nodes = LocalLayout.plan(3, 2, 5050, DIR, JAVA);

    assertThat(nodes).extracting(NodeSpec::name).containsExactly("m1", "m2", "m3", "a1", "a2");
    NodeSpec m2 = nodes.get(1);
    assertThat(m2.argv()).containsExactly("/jdk/bin/java", "-XX:+UseZGC", "-cp", "/t.jar", "Main", "master",
        "--id", "m2", "--ip", "127.0.0.1", "--port", "5051", "--work_dir", "/tmp/cluster/m2/work",
        "--raft_peers", "m1=127.0.0.1:6050,m2=127.0.0.1:6051,m3=127.0.0.1:6052", "--raft_port", "6051",
        "--gossip_port", "7051", "--gossip_seeds", "127.0.0.1:7050,127.0.0.1:7051,127.0.0.1:7052");
    assertThat(m2.http()).isEqualTo("http://127.0.0.1:5051");
    assertThat(m2.log()).isEqualTo(Path.of("/tmp/cluster/m2/node.log"));
    NodeSpec a2 = nodes.get(4);
    assertThat(a2.argv().subList(JAVA.size(), a2.argv().size())).containsExactly("agent", "--ip", "127.0.0.1",
        "--port", "5061", "--work_dir", "/tmp/cluster/a2/work",
        "--resources", "cpus:2;mem:2048;disk:10000;ports:[31100-31199]",
        "--gossip_port", "7061", "--gossip_seeds", "127.0.0.1:7050,127.0.0.1:7051,127.0.0.1:7052");
  }

  @Test
  void noTwoNodesShareAPortAtTheLimits() {
    List<NodeSpec> nodes = LocalLayout.plan(LocalLayout.MAX_MASTERS, LocalLayout.MAX_AGENTS, 1024, DIR, JAVA);

    Set<Integer> ports = new HashSet<>();
    nodes.forEach(n -> n.ports().values().forEach(p -> assertThat(ports.add(p)).as("port %d twice", p).isTrue()));
    assertThat(ports).hasSize(3 * LocalLayout.MAX_MASTERS + 2 * LocalLayout.MAX_AGENTS);
  }

  @Test
  void countsAndPortsOutsideTheLayoutAreRefused() {
    assertThatThrownBy(() -> LocalLayout.validate(0, 1, 5050)).hasMessageContaining("--masters");
    assertThatThrownBy(() -> LocalLayout.validate(11, 1, 5050)).hasMessageContaining("--masters");
    assertThatThrownBy(() -> LocalLayout.validate(3, -1, 5050)).hasMessageContaining("--agents");
    assertThatThrownBy(() -> LocalLayout.validate(3, 2, 64000)).hasMessageContaining("outside 1024-65535");
    assertThatThrownBy(() -> LocalLayout.validate(3, 2, 30000)).hasMessageContaining("task ports 31000-31199");
    LocalLayout.validate(3, 0, 30000);
  }

  @Test
  void aOneJarClassPathIsCopiedAndAnyOtherKept() throws Exception {
    Path tmp = Files.createTempDirectory("talus-launcher-");
    Path jar = Files.writeString(tmp.resolve("talus.jar"), "not really a jar");

    try {
      assertThat(JvmLauncher.pinned(jar.toString(), tmp.resolve("lib"))).isEqualTo(tmp.resolve("lib/talus.jar").toString());
      assertThat(tmp.resolve("lib/talus.jar")).hasContent("not really a jar");
    } finally {
      for (Path p : List.of(tmp.resolve("lib/talus.jar"), tmp.resolve("lib"), jar, tmp)) {
        Files.deleteIfExists(p);
      }
    }
    assertThat(JvmLauncher.pinned("/a.jar:/b", tmp.resolve("lib"))).isEqualTo("/a.jar:/b");
    assertThat(JvmLauncher.inheritable(List.of("-Xmx1g", "-agentlib:jdwp=transport=dt_socket,server=y")))
        .containsExactly("-Xmx1g");
  }
}
