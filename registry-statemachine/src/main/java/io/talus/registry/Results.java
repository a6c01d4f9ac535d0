package io.talus.registry;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.protocol.registry.Accepted;
import io.talus.protocol.registry.GeneratedUpdate;
import java.util.List;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.Rejected;

/** Builders for op results. */
final class Results {

  static final OpResult ACCEPTED = OpResult.newBuilder().setAccepted(Accepted.getDefaultInstance()).build();

  private Results() {}

  static OpResult rejected(Rejected.Reason reason, String message) {
    return OpResult.newBuilder()
        .setRejected(Rejected.newBuilder().setReason(reason).setMessage(message))
        .build();
  }

  static OpResult acceptedFramework(FrameworkID id) {
    return OpResult.newBuilder().setAccepted(Accepted.newBuilder().setFrameworkId(id)).build();
  }

  static OpResult acceptedWithUpdates(List<GeneratedUpdate> updates) {
    return OpResult.newBuilder().setAccepted(Accepted.newBuilder().addAllUpdates(updates)).build();
  }

  static OpResult acceptedAgent(AgentID id) {
    return OpResult.newBuilder().setAccepted(Accepted.newBuilder().setAgentId(id)).build();
  }
}
