package io.talus.protocol.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talus.mesos.v1.Protos.Attribute;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.Value;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourceParserTest {

  private static Resource scalar(String name, double value) {
    return Resource.newBuilder()
        .setName(name)
        .setType(Value.Type.SCALAR)
        .setScalar(Value.Scalar.newBuilder().setValue(value))
        .build();
  }

  @Test
  void parsesTheAgentFlagSyntax() {
    List<Resource> resources =
        ResourceParser.parseResources(
            "cpus:4;mem:8192;disk:10000;ports:[31000-32000];gpus:0;disks:{a,b}");
    assertThat(resources)
        .containsExactly(
            scalar("cpus", 4),
            scalar("mem", 8192),
            scalar("disk", 10000),
            Resource.newBuilder()
                .setName("ports")
                .setType(Value.Type.RANGES)
                .setRanges(Values.ranges(31000, 32000))
                .build(),
            // Kept as written: the agent needs to know gpus were set to 0 explicitly.
            scalar("gpus", 0),
            Resource.newBuilder()
                .setName("disks")
                .setType(Value.Type.SET)
                .setSet(Value.Set.newBuilder().addItem("a").addItem("b"))
                .build());
    assertThat(resources).allSatisfy(r -> assertThat(r.hasRole()).isFalse());
    assertThat(resources).allSatisfy(r -> assertThat(r.getReservationsCount()).isZero());
  }

  @Test
  void rolesBecomeStaticReservations() {
    List<Resource> resources =
        ResourceParser.parseResources("cpus(web):2;mem(batch/nightly):512;disk(*):10");
    assertThat(resources.get(0).getReservationsList())
        .containsExactly(
            Resource.ReservationInfo.newBuilder()
                .setType(Resource.ReservationInfo.Type.STATIC)
                .setRole("web")
                .build());
    assertThat(resources.get(0).hasRole()).isFalse();
    assertThat(resources.get(1).getReservations(0).getRole()).isEqualTo("batch/nightly");
    assertThat(resources.get(2).getReservationsCount()).isZero();
  }

  @Test
  void theDefaultRoleAppliesToEntriesWithoutOne() {
    List<Resource> resources = ResourceParser.parseResources("cpus:1;mem(*):2", "ops");
    assertThat(resources.get(0).getReservations(0).getRole()).isEqualTo("ops");
    assertThat(resources.get(1).getReservationsCount()).isZero();
  }

  @Test
  void whitespaceAndEmptyEntriesAreTolerated() {
    assertThat(ResourceParser.parseResources(" cpus ( web ) : 4 ;; ports: [ 1 - 2 , 5-6 ] ;\n"))
        .isEqualTo(ResourceParser.parseResources("cpus(web):4;ports:[1-2,5-6]"));
    assertThat(ResourceParser.parseResources("")).isEmpty();
  }

  @Test
  void rangesAreCoalesced() {
    Resource ports = ResourceParser.parseResources("ports:[5-6,1-2,3-4,10-12,11-11]").get(0);
    assertThat(Values.format(ports.getRanges())).isEqualTo("[1-6, 10-12]");
  }

  @Test
  void acceptsTheJsonArrayFormToo() {
    List<Resource> resources =
        ResourceParser.parseResources(
            "[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":2}},"
                + " {\"name\":\"disk\",\"type\":\"SCALAR\",\"scalar\":{\"value\":100},"
                + "\"disk\":{\"source\":{\"type\":\"MOUNT\",\"mount\":{\"root\":\"/mnt/a\"}}}}]",
            "ops");
    assertThat(resources.get(0).getScalar().getValue()).isEqualTo(2.0);
    assertThat(resources.get(0).getReservations(0).getRole()).isEqualTo("ops");
    assertThat(resources.get(1).getDisk().getSource().getMount().getRoot()).isEqualTo("/mnt/a");
    assertThatThrownBy(() -> ResourceParser.parseResources("[{\"type\":\"SCALAR\"}]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing required fields: name");
    assertThatThrownBy(() -> ResourceParser.parseResources("[1]"))
        .hasMessageContaining("expected an array of objects");
    assertThatThrownBy(
            () ->
                ResourceParser.parseResources(
                    "[{\"name\":\"cpus\",\"type\":\"SCALAR\",\"scalar\":{\"value\":-1}}]"))
        .hasMessageContaining("not a finite value >= 0");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "cpus | expected name:value",
        "cpus: | expected name:value",
        ":4 | expected name:value",
        "cpus:4:5 | expected name:value",
        "cpus(web:4 | mismatched parentheses",
        "cpus)web(:4 | mismatched parentheses",
        "cpus(web)x:4 | mismatched parentheses",
        "cpus:abc | is not a number, [ranges] or {set}",
        "cpus:NaN | is not a number, [ranges] or {set}",
        "cpus:4x | is not a number, [ranges] or {set}",
        "cpus:-1 | negative value -1",
        "cpus:1e999 | out of range",
        "ports:[1-2 | mismatched brackets",
        "ports:[1-2]] | mismatched brackets",
        "ports:[2-1] | begin is greater than end",
        "ports:[a-b] | 'a' is not a non-negative integer",
        "ports:[-1-2] | is not begin-end",
        "ports:[1-2-3] | is not begin-end",
        "ports:[1,2] | is not begin-end",
        "ports:1-2] | unexpected ']'",
        "disks:{a,b | mismatched braces",
        "disks:{a,a} | duplicate item 'a'",
        "cpus(.):1 | invalid role '.'",
        "cpus(-x):1 | invalid role '-x'",
        "cpus(a//b):1 | invalid role 'a//b'",
        "cpus():1 | invalid role ''",
        "my cpus:1 | bad resource name 'my cpus'"
      })
  void badResourcesAreRejectedWithTheReason(String flag, String reason) {
    assertThatThrownBy(() -> ResourceParser.parseResources(flag))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void parsesAttributesByMesosTypingRules() {
    List<Attribute> attributes =
        ResourceParser.parseAttributes("rack:r1;zone:a;level:3;ports:[1-2];tags:{x,y}\nratio:-0.5");
    assertThat(attributes)
        .extracting(Attribute::getName)
        .containsExactly("rack", "zone", "level", "ports", "tags", "ratio");
    assertThat(attributes)
        .extracting(Attribute::getType)
        .containsExactly(
            Value.Type.TEXT,
            Value.Type.TEXT,
            Value.Type.SCALAR,
            Value.Type.RANGES,
            Value.Type.SET,
            Value.Type.SCALAR);
    assertThat(attributes.get(0).getText().getValue()).isEqualTo("r1");
    assertThat(attributes.get(2).getScalar().getValue()).isEqualTo(3.0);
    assertThat(attributes.get(3).getRanges()).isEqualTo(Values.ranges(1, 2));
    assertThat(attributes.get(4).getSet().getItemList()).containsExactly("x", "y");
    assertThat(attributes.get(5).getScalar().getValue()).isEqualTo(-0.5);
  }

  @Test
  void attributeValuesMayContainColonsAndLoseTheirWhitespace() {
    List<Attribute> attributes =
        ResourceParser.parseAttributes(" url : http://x:80/a ;os: debian 12 ");
    assertThat(attributes.get(0).getName()).isEqualTo("url");
    assertThat(attributes.get(0).getText().getValue()).isEqualTo("http://x:80/a");
    // Mesos strips whitespace inside values, so "debian 12" becomes one word.
    assertThat(attributes.get(1).getText().getValue()).isEqualTo("debian12");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "rack | expected name:value",
        ":r1 | expected name:value",
        "rack: | expected name:value",
        "a:x[1] | unexpected '['",
        "ports:[1-x] | not a non-negative integer"
      })
  void badAttributesAreRejected(String flag, String reason) {
    assertThatThrownBy(() -> ResourceParser.parseAttributes(flag))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void parsesSingleValues() {
    assertThat(ResourceParser.parseValue("[]").getRanges().getRangeCount()).isZero();
    assertThat(ResourceParser.parseValue("{}").getSet().getItemCount()).isZero();
    assertThat(ResourceParser.parseValue("{a,,b,}").getSet().getItemList())
        .containsExactly("a", "b");
    assertThat(ResourceParser.parseValue("1.5e3").getScalar().getValue()).isEqualTo(1500.0);
    assertThat(ResourceParser.parseValue(".5").getScalar().getValue()).isEqualTo(0.5);
    assertThat(ResourceParser.parseValue("0x10").getType()).isEqualTo(Value.Type.TEXT);
    assertThat(ResourceParser.parseValue("[18446744073709551615-18446744073709551615]").getRanges())
        .isEqualTo(Values.ranges(-1L, -1L));
    assertThatThrownBy(() -> ResourceParser.parseValue("  ")).hasMessage("empty value");
  }
}
