package io.talus.consensus;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Turns a {@link ConsensusConfig} into Ratis's group and properties. */
final class RaftSettings {

  private RaftSettings() {}

  static RaftGroup group(ConsensusConfig config) {
    return group(config.groupUuid(), config.peers());
  }


  static RaftGroup group(java.util.UUID groupUuid, Map<String, String> peers) {
    List<RaftPeer> raftPeers = peers.entrySet().stream()
        .map(e -> RaftPeer.newBuilder().setId(e.getKey()).setAddress(e.getValue()).build())
        .toList();
    return RaftGroup.valueOf(RaftGroupId.valueOf(groupUuid), raftPeers);
  }

  static RaftProperties serverProperties(ConsensusConfig config) {
    RaftProperties p = new RaftProperties();
    String address = config.peers().get(config.peerId());
    int colon = address.lastIndexOf(':');
    GrpcConfigKeys.Server.setHost(p, address.substring(0, colon));
    GrpcConfigKeys.Server.setPort(p, Integer.parseInt(address.substring(colon + 1)));
    RaftServerConfigKeys.setStorageDir(p, List.of(config.storageDir().toFile()));

    RaftServerConfigKeys.Rpc.setTimeoutMin(p, millis(config.electionTimeoutMin().toMillis()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, millis(config.electionTimeoutMax().toMillis()));

    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotEveryEntries());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, config.purgeGap());
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(config.logSegmentBytes()));
    // A follower behind the purged log gets the leader's snapshot files, not a notification.
    RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, true);
    // Group-committed entries can be large; leave room above the default.
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, SizeInBytes.valueOf("8MB"));
    RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf("9MB"));
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf("16MB"));

    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    return p;
  }

  static RaftProperties clientProperties() {
    RaftProperties p = new RaftProperties();
    GrpcConfigKeys.setMessageSizeMax(p, SizeInBytes.valueOf("16MB"));
    return p;
  }

  static RaftPeerId peerId(String id) {
    return RaftPeerId.valueOf(id);
  }

  private static TimeDuration millis(long ms) {
    return TimeDuration.valueOf(ms, TimeUnit.MILLISECONDS);
  }
}
