package io.talus.consensus;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One master's Raft settings.
 *
 * @param peerId this peer's id (also its key in {@code peers})
 * @param peers every peer of the group, id to "host:port" of its Raft (gRPC) endpoint
 * @param storageDir where this peer keeps its Raft log, snapshots and live registry store
 * @param groupName names the Raft group; peers with the same name form one group
 * @param electionTimeoutMin lower bound of the randomized election timeout
 * @param electionTimeoutMax upper bound
 * @param snapshotEveryEntries take a snapshot after this many log entries (then purge the log)
 * @param logSegmentBytes log segment size; only closed segments are purged, so this bounds what a
 *     purge leaves behind
 * @param purgeGap purge only when at least this many entries can go
 */
public record ConsensusConfig(
    String peerId,
    Map<String, String> peers,
    Path storageDir,
    String groupName,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    long snapshotEveryEntries,
    long logSegmentBytes,
    int purgeGap) {

  public ConsensusConfig {
    Objects.requireNonNull(peerId, "peerId");
    peers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(peers));
    if (!peers.containsKey(peerId)) {
      throw new IllegalArgumentException("peer " + peerId + " is not among the peers " + peers.keySet());
    }
    if (electionTimeoutMin.compareTo(electionTimeoutMax) >= 0) {
      throw new IllegalArgumentException("election timeout min must be below max");
    }
  }

  /** Defaults tuned for a LAN: elections well under a second, a snapshot every 10,000 entries. */
  public static ConsensusConfig of(String peerId, Map<String, String> peers, Path storageDir) {
    return new ConsensusConfig(peerId, peers, storageDir, "talus", Duration.ofMillis(300),
        Duration.ofMillis(600), 10_000, 8L << 20, 1024);
  }

  public ConsensusConfig withSnapshots(long everyEntries, long segmentBytes, int gap) {
    return new ConsensusConfig(peerId, peers, storageDir, groupName, electionTimeoutMin, electionTimeoutMax,
        everyEntries, segmentBytes, gap);
  }

  public ConsensusConfig withElectionTimeout(Duration min, Duration max) {
    return new ConsensusConfig(peerId, peers, storageDir, groupName, min, max, snapshotEveryEntries,
        logSegmentBytes, purgeGap);
  }

  /** The Raft group id, the same on every peer that uses the same group name. */
  public UUID groupUuid() {
    return groupUuid(groupName);
  }

  static UUID groupUuid(String groupName) {
    return UUID.nameUUIDFromBytes(("talus-raft-group:" + groupName).getBytes(StandardCharsets.UTF_8));
  }
}
