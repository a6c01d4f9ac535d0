package io.talus.protocol.json.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.talus.mesos.v1.Protos.FrameworkInfo;
import io.talus.mesos.v1.Protos.Label;
import io.talus.mesos.v1.Protos.Labels;
import io.talus.mesos.v1.Protos.MasterInfo;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.protocol.resources.ResourceParser;
import io.talus.protocol.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateJsonFieldsTest {

  /** 4 unreserved cpus and 100 mem, 2 cpus for {@code prod} statically, 7 mem refined to a/b. */
  private static Resources agentTotal() {
    List<Resource> rs =
        new ArrayList<>(ResourceParser.parseResources("cpus:4;mem:100;cpus(prod):2;ports:[1-3]"));
    rs.add(
        ResourceParser.parseResources("mem:7").get(0).toBuilder()
            .addReservations(reservation("a"))
            .addReservations(reservation("a/b"))
            .build());
    return Resources.of(rs);
  }

  private static Resource.ReservationInfo reservation(String role) {
    return Resource.ReservationInfo.newBuilder()
        .setType(Resource.ReservationInfo.Type.DYNAMIC)
        .setRole(role)
        .build();
  }

  @Test
  void secondsAreADoubleOfSecondsSinceTheEpoch() {
    assertThat(StateJsonFields.seconds(1_700_000_002_500_000_000L)).isEqualTo(1_700_000_002.5);
  }

  @Test
  void resourcesAreTheFlatMapWithScalarsAsNumbersAndTheRestAsText() {
    assertThat(StateJsonFields.resources(agentTotal()).toString())
        .isEqualTo("{\"cpus\":6.0,\"mem\":107.0,\"disk\":0.0,\"gpus\":0.0,\"ports\":\"[1-3]\"}");
    assertThat(StateJsonFields.resources(ResourceParser.parseResources("mem:1")).toString())
        .isEqualTo("{\"cpus\":0.0,\"mem\":1.0,\"disk\":0.0,\"gpus\":0.0}");
  }

  @Test
  void reservationsAreByTheRoleOfTheInnermostReservationInRoleOrder() {
    Resources total = agentTotal();

    assertThat(StateJsonFields.reservedResources(total).toString())
        .isEqualTo(
            "{\"a/b\":{\"cpus\":0.0,\"mem\":7.0,\"disk\":0.0,\"gpus\":0.0},"
                + "\"prod\":{\"cpus\":2.0,\"mem\":0.0,\"disk\":0.0,\"gpus\":0.0}}");
    assertThat(StateJsonFields.resources(StateJsonFields.unreserved(total)).toString())
        .isEqualTo("{\"cpus\":4.0,\"mem\":100.0,\"disk\":0.0,\"gpus\":0.0,\"ports\":\"[1-3]\"}");
    assertThat(StateJsonFields.reservedResourcesFull(total).toString())
        .isEqualTo(
            "{\"a/b\":[{\"name\":\"mem\",\"type\":\"SCALAR\",\"scalar\":{\"value\":7.0},"
                + "\"reservations\":[{\"type\":\"DYNAMIC\",\"role\":\"a\"},"
                + "{\"type\":\"DYNAMIC\",\"role\":\"a/b\"}]}],"
                + "\"prod\":[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":2.0},"
                + "\"reservations\":[{\"type\":\"STATIC\",\"role\":\"prod\"}]}]}");
    assertThat(StateJsonFields.fullResources(StateJsonFields.unreserved(total))).hasSize(3);
  }

  @Test
  void attributesAreNumbersOrTheirTextForm() {
    assertThat(
            StateJsonFields.attributes(
                    ResourceParser.parseAttributes("rack:r1;level:3;slots:[1-4];zone:{a,b}"))
                .toString())
        .isEqualTo("{\"rack\":\"r1\",\"level\":3.0,\"slots\":\"[1-4]\",\"zone\":\"{a, b}\"}");
  }

  @Test
  void labelsAreTheBareArrayAndProtosAreEmbeddedInMesosJson() {
    Labels labels =
        Labels.newBuilder()
            .addLabels(Label.newBuilder().setKey("tier").setValue("web"))
            .addLabels(Label.newBuilder().setKey("bare"))
            .build();

    assertThat(StateJsonFields.labels(labels).toString())
        .isEqualTo("[{\"key\":\"tier\",\"value\":\"web\"},{\"key\":\"bare\"}]");
    assertThat(
            StateJsonFields.proto(MasterInfo.newBuilder().setId("m1").setIp(1).setPort(5050))
                .toString())
        .isEqualTo("{\"id\":\"m1\",\"ip\":1,\"port\":5050}");
  }

  @Test
  void namesAreTheEnumNames() {
    assertThat(
            StateJsonFields.names(
                    List.of(
                        FrameworkInfo.Capability.Type.PARTITION_AWARE,
                        FrameworkInfo.Capability.Type.MULTI_ROLE))
                .toString())
        .isEqualTo("[\"PARTITION_AWARE\",\"MULTI_ROLE\"]");
  }
}
