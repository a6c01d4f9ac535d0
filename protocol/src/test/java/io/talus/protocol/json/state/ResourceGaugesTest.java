package io.talus.protocol.json.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.talus.mesos.v1.Protos.Resource;
import io.talus.protocol.resources.ResourceParser;
import io.talus.protocol.resources.Resources;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ResourceGaugesTest {

  @Test
  void gaugesAreTotalUsedAndTheirRatioOverNonRevocableScalars() {
    Resource revocable =
        ResourceParser.parseResources("cpus:8").get(0).toBuilder()
            .setRevocable(Resource.RevocableInfo.getDefaultInstance())
            .build();
    SortedMap<String, Number> metrics = new TreeMap<>();

    new ResourceGauges()
        .addTotal(Resources.parse("cpus:4;mem:1024;ports:[1-10]"))
        .addTotal(Resources.parse("cpus:2"))
        .addTotal(Resources.of(revocable))
        .addUsed(Resources.parse("cpus:1.1;mem:256"))
        .addUsed(Resources.parse("cpus:0.4"))
        .putInto(metrics, "x/");

    assertThat(metrics)
        .hasSize(12)
        .containsEntry("x/cpus_total", 6.0)
        .containsEntry("x/cpus_used", 1.5)
        .containsEntry("x/cpus_percent", 0.25)
        .containsEntry("x/mem_total", 1024.0)
        .containsEntry("x/mem_used", 256.0)
        .containsEntry("x/mem_percent", 0.25)
        .containsEntry("x/disk_total", 0.0)
        .containsEntry("x/disk_percent", 0.0)
        .containsEntry("x/gpus_used", 0.0);
  }
}
