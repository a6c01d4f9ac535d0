package io.talus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.talus.master.MasterConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MasterCommandTest {

  private final StringWriter err = new StringWriter();

  private MasterCommand parse(String... args) {
    MasterCommand command = new MasterCommand();
    CommandLine commandLine = new CommandLine(command);
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.parseArgs(args);
    return command;
  }

  @Test
  void aLoneMasterGetsMesosDefaultsAndItsOwnRaftPeer() {
    MasterConfig config = parse("--work_dir", "/tmp/w").toConfig();

    assertThat(config.id()).isEqualTo("master");
    assertThat(config.port()).isEqualTo(5050);
    assertThat(config.raftPeers()).isEqualTo(Map.of("master", "127.0.0.1:6050"));
    assertThat(config.gossip().port()).isEqualTo(7050);
    assertThat(config.workDir()).isEqualTo(Path.of("/tmp/w"));
    assertThat(config.frameworkHeartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(config.offerTimeout()).isEmpty();
  }

  @Test
  void peersAndMesosDurationsAreParsed() {
    MasterConfig config = parse("--work_dir", "/w", "--ip", "127.0.0.2", "--port", "5051",
        "--raft_peers", "m1=127.0.0.1:6050,m2=127.0.0.2:6051,m3=127.0.0.3:6052",
        "--gossip_seeds", "127.0.0.1:7050,127.0.0.3:7052", "--gossip_port", "7051",
        "--agent_disconnect_timeout", "3secs", "--offer_timeout", "1.5mins",
        "--allocation_interval", "200ms").toConfig();

    assertThat(config.id()).as("found by its --ip and the default raft port").isEqualTo("m2");
    assertThat(config.raftPeers()).containsOnlyKeys("m1", "m2", "m3");
    assertThat(config.gossip().seeds()).containsExactly("127.0.0.1:7050", "127.0.0.3:7052");
    assertThat(config.gossip().port()).isEqualTo(7051);
    assertThat(config.agentDisconnectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.offerTimeout()).isEqualTo(Optional.of(Duration.ofSeconds(90)));
    assertThat(config.allocationInterval()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void badFlagsAreUsageErrors() {
    CommandLine commandLine = TalusCommand.commandLine();
    commandLine.setErr(new PrintWriter(err, true));

    assertThat(commandLine.execute("master")).as("--work_dir is required").isEqualTo(2);
    assertThat(commandLine.execute("master", "--work_dir", "/w", "--allocation_interval", "5"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--work_dir").contains("Invalid duration '5'");
    assertThat(commandLine.execute("master", "--work_dir", "/w", "--id", "x",
        "--raft_peers", "m1=127.0.0.1:6050")).isEqualTo(2);
    assertThat(err.toString()).contains("--id x is not among --raft_peers [m1]");
  }
}
