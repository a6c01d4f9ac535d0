package io.talus.driver.examples;

import io.talus.mesos.v1.Protos.AgentID;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.mesos.v1.Protos.Offer;
import io.talus.mesos.v1.Protos.OfferID;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.TaskID;
import io.talus.mesos.v1.Protos.TaskState;
import io.talus.mesos.v1.Protos.TaskStatus;
import io.talus.protocol.resources.Resources;
import java.util.List;

/** The master's side of the conversation, built by hand: offers, updates, MasterInfo. */
final class Messages {

  static final FrameworkID FRAMEWORK = FrameworkID.newBuilder().setValue("fw-1").build();
  static final MasterInfo MASTER =
      MasterInfo.newBuilder().setId("m1").setIp(0x7f000001).setPort(5050).build();

  private Messages() {}

  /** An offer of {@code resources} from {@code agent}, labelled with role {@code *} as offers are. */
  static Offer offer(String id, String agent, String resources) {
    Offer.Builder offer = Offer.newBuilder()
        .setId(OfferID.newBuilder().setValue(id))
        .setFrameworkId(FRAMEWORK)
        .setAgentId(AgentID.newBuilder().setValue(agent))
        .setHostname("host-" + agent);
    for (Resource r : Resources.parse(resources)) {
      offer.addResources(r.toBuilder()
          .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("*")));
    }
    return offer.build();
  }

  static List<Offer> offers(Offer... offers) {
    return List.of(offers);
  }

  static TaskStatus status(String taskId, TaskState state) {
    return TaskStatus.newBuilder()
        .setTaskId(TaskID.newBuilder().setValue(taskId))
        .setState(state)
        .setAgentId(AgentID.newBuilder().setValue("a1"))
        .build();
  }

  static OfferID offerId(String id) {
    return OfferID.newBuilder().setValue(id).build();
  }
}
