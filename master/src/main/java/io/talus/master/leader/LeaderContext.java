package io.talus.master.leader;

import io.talus.consensus.ConsensusServer;
import io.talus.master.MasterConfig;
import io.talus.mesos.v1.Protos.MasterInfo;
import java.time.Instant;
import java.util.Objects;

/**
 * What every term's leader needs from its master: the settings, the Raft peer (registry reads and
 * commits), and this master's MasterInfo.
 */
public record LeaderContext(MasterConfig config, ConsensusServer consensus, MasterInfo masterInfo) {

  public LeaderContext {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(consensus, "consensus");
    Objects.requireNonNull(masterInfo, "masterInfo");
  }

  /** Wall-clock nanoseconds since the epoch: stamped into registry ops, never read by apply. */
  public static long wallNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
