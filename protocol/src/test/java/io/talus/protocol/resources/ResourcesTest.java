package io.talus.protocol.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ResourcesTest {

  private static Resources r(String flag) {
    return Resources.parse(flag);
  }

  private static Resource persistentVolume(String id, double mb) {
    Resource.Builder disk =
        ResourceParser.parseResource("disk", Double.toString(mb), "web").toBuilder();
    disk.getDiskBuilder().getPersistenceBuilder().setId(id);
    disk.getDiskBuilder()
        .getVolumeBuilder()
        .setContainerPath("data")
        .setMode(io.talus.mesos.v1.Protos.Volume.Mode.RW);
    return disk.build();
  }

  @Test
  void mergesByNameRoleAndReservationAndDropsEmpties() {
    Resources resources =
        r("cpus:1;cpus:2;cpus(web):4;ports:[1-2];ports:[3-5];gpus:0;disks:{a};disks:{b}");
    assertThat(resources.toString()).isEqualTo("cpus:3; cpus(web):4; ports:[1-5]; disks:{a, b}");
    assertThat(resources.size()).isEqualTo(4);
    assertThat(resources.names()).containsExactly("cpus", "disks", "ports");
  }

  @Test
  void gettersSumOverRoles() {
    Resources resources =
        r("cpus:1.5;cpus(web):2;ports:[1-2];ports(web):[5-6];disks:{a};disks(web):{b}");
    assertThat(resources.scalar("cpus")).isEqualTo(3.5);
    assertThat(resources.scalar("mem")).isEqualTo(0.0);
    assertThat(resources.ranges("ports")).isEqualTo(Values.ranges(1, 2, 5, 6));
    assertThat(resources.ranges("nope").getRangeCount()).isZero();
    assertThat(resources.set("disks").getItemList()).containsExactly("a", "b");
  }

  @Test
  void scalarsUseFixedPoint() {
    Resources cpus = Resources.empty();
    for (int i = 0; i < 3; i++) {
      cpus = cpus.add(r("cpus:0.1"));
    }
    assertThat(cpus.scalar("cpus")).isEqualTo(0.3);
    assertThat(cpus).isEqualTo(r("cpus:0.3"));
    assertThat(cpus.contains(r("cpus:0.3"))).isTrue();
    for (int i = 0; i < 3; i++) {
      cpus = cpus.subtract(r("cpus:0.1"));
    }
    assertThat(cpus.isEmpty()).isTrue();
    // Below a thousandth is nothing at all.
    assertThat(r("cpus:0.0004").isEmpty()).isTrue();
  }

  @Test
  void subtractingMoreThanThereIsLeavesNothing() {
    assertThat(r("cpus:1;mem:10").subtract(r("cpus:2"))).isEqualTo(r("mem:10"));
    assertThat(r("ports:[1-5]").subtract(r("ports:[0-10]")).isEmpty()).isTrue();
    assertThat(r("cpus:1").subtract(r("mem:5"))).isEqualTo(r("cpus:1"));
  }

  @Test
  void rolesAndReservationsMustMatch() {
    Resources unreserved = r("cpus:4");
    assertThat(unreserved.contains(r("cpus(web):1"))).isFalse();
    assertThat(unreserved.subtract(r("cpus(web):1"))).isEqualTo(unreserved);
    assertThat(r("cpus(web):4").contains(r("cpus(web):1"))).isTrue();
    // The deprecated role field and no role at all both mean unreserved.
    Resource explicitStar =
        ResourceParser.parseResource("cpus", "1", "*").toBuilder().setRole("*").build();
    assertThat(unreserved.contains(Resources.of(explicitStar))).isTrue();
  }

  @Test
  void persistentVolumesAreNeverMergedOrSplit() {
    Resource a = persistentVolume("a", 100);
    Resource b = persistentVolume("b", 100);
    Resources volumes = Resources.of(a, b, a);
    assertThat(volumes.size()).isEqualTo(3);
    assertThat(volumes.contains(Resources.of(a, a))).isTrue();
    assertThat(volumes.contains(Resources.of(a, a, a))).isFalse();
    assertThat(volumes.subtract(persistentVolume("a", 50))).isEqualTo(volumes);
    assertThat(volumes.subtract(a).subtract(a)).isEqualTo(Resources.of(b));
  }

  @Test
  void stateJsonMatchesMesosShape() {
    Resources resources =
        r(
            "cpus:4;mem:8192;disk:10000;ports:[31000-32000,33000-34000];disks:{a,b};"
                + "cpus(web):1;foo:2");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("cpus", 5.0);
    expected.put("mem", 8192.0);
    expected.put("disk", 10000.0);
    expected.put("gpus", 0.0);
    expected.put("foo", 2.0);
    expected.put("ports", "[31000-32000, 33000-34000]");
    expected.put("disks", "{a, b}");
    assertThat(resources.toStateJson()).containsExactlyEntriesOf(expected);
    assertThat(Resources.empty().toStateJson())
        .containsExactly(
            entry("cpus", 0.0), entry("mem", 0.0), entry("disk", 0.0), entry("gpus", 0.0));
  }

  @Test
  void revocableResourcesAreSeparateInStateJson() {
    Resource revocable =
        ResourceParser.parseResource("cpus", "2", "*").toBuilder()
            .setRevocable(Resource.RevocableInfo.getDefaultInstance())
            .build();
    Resources resources = r("cpus:1").add(revocable);
    assertThat(resources.size()).isEqualTo(2);
    assertThat(resources.toStateJson())
        .containsEntry("cpus", 1.0)
        .containsEntry("cpus_revocable", 2.0);
    assertThat(resources.toString()).isEqualTo("cpus:1; cpus{REV}:2");
  }

  @Test
  void equalityIgnoresOrder() {
    Resources a = r("cpus:1;mem:2;disks:{x,y};ports:[1-2,5-6]");
    Resources b = r("ports:[5-6];disks:{y,x};mem:2;ports:[1-2];cpus:1");
    assertThat(a).isEqualTo(b);
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    assertThat(a).isNotEqualTo(r("cpus:1;mem:2;disks:{x,y};ports:[1-2,5-7]"));
    assertThat(a).isNotEqualTo(r("cpus:1;mem:2;disks:{x,y}"));
  }

  @Test
  void isImmutable() {
    Resources base = r("cpus:1");
    Resources more = base.add(r("cpus:1"));
    assertThat(base.scalar("cpus")).isEqualTo(1.0);
    assertThat(more.scalar("cpus")).isEqualTo(2.0);
    assertThatThrownBy(() -> base.toList().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    List<Resource> source = new ArrayList<>(ResourceParser.parseResources("mem:1"));
    Resources fromList = Resources.of(source);
    source.clear();
    assertThat(fromList.scalar("mem")).isEqualTo(1.0);
  }

  @Test
  void filterKeepsMatchingEntries() {
    Resources resources = r("cpus:1;cpus(web):2;mem(web):3");
    Resources web = resources.filter(res -> res.getReservationsCount() > 0);
    assertThat(web).isEqualTo(r("cpus(web):2;mem(web):3"));
  }

  @Test
  void rejectsInvalidResources() {
    Resource.Builder base = Resource.newBuilder().setName("x");
    assertThatThrownBy(() -> Resources.of(base.clone().setType(Value.Type.TEXT).build()))
        .hasMessageContaining("TEXT is not a resource type");
    assertThatThrownBy(() -> Resources.of(base.clone().setType(Value.Type.SCALAR).build()))
        .hasMessageContaining("does not match type SCALAR");
    assertThatThrownBy(
            () ->
                Resources.of(
                    base.clone()
                        .setType(Value.Type.SCALAR)
                        .setScalar(Values.scalar(1))
                        .setSet(Values.set("a"))
                        .build()))
        .hasMessageContaining("does not match type SCALAR");
    assertThatThrownBy(
            () ->
                Resources.of(
                    base.clone()
                        .setType(Value.Type.SCALAR)
                        .setScalar(Values.scalar(Double.NaN))
                        .build()))
        .hasMessageContaining("not a finite value");
    assertThatThrownBy(
            () ->
                Resources.of(
                    base.clone()
                        .setType(Value.Type.SET)
                        .setSet(Value.Set.newBuilder().addItem("a").addItem("a"))
                        .build()))
        .hasMessageContaining("duplicate items");
    assertThatThrownBy(
            () ->
                Resources.of(
                    base.clone()
                        .setType(Value.Type.RANGES)
                        .setRanges(Value.Ranges.newBuilder().addRange(Values.range(3, 1)))
                        .build()))
        .hasMessageContaining("invalid range 3-1");
    assertThatThrownBy(
            () ->
                Resources.of(
                    ResourceParser.parseResource("cpus", "1", "web").toBuilder()
                        .setRole("web")
                        .build()))
        .hasMessageContaining("'role' and 'reservation' must not be set");
    assertThatThrownBy(
            () ->
                Resources.of(
                    Resource.newBuilder()
                        .setName("")
                        .setType(Value.Type.SCALAR)
                        .setScalar(Values.scalar(1))
                        .build()))
        .hasMessageContaining("empty name");
  }

  @Property(tries = 300)
  void addingThenSubtractingScalarsIsIdentity(
      @ForAll("scalarResources") Resources a, @ForAll("scalarResources") Resources b) {
    assertThat(a.add(b).subtract(b)).isEqualTo(a);
    assertThat(a.add(b)).isEqualTo(b.add(a));
  }

  @Property(tries = 500)
  void addingThenSubtractingDisjointResourcesIsIdentity(
      @ForAll("resources") Resources a, @ForAll("resources") Resources b) {
    // Ranges and sets only give back a when b brings nothing a already had.
    Resources disjoint = b.subtract(a);
    assertThat(a.add(disjoint).subtract(disjoint)).isEqualTo(a);
    assertThat(a.add(b).contains(a)).isTrue();
    assertThat(a.add(b).contains(b)).isTrue();
    assertThat(a.add(b).subtract(a).subtract(b).isEmpty()).isTrue();
  }

  @Property(tries = 500)
  void containsIsConsistentWithSubtract(
      @ForAll("resources") Resources a, @ForAll("resources") Resources b) {
    boolean contains = a.contains(b);
    assertThat(a.subtract(b).add(b).equals(a)).isEqualTo(contains);
    assertThat(b.subtract(a).isEmpty()).isEqualTo(contains);
    if (contains) {
      assertThat(a.subtract(b).contains(a)).isEqualTo(b.isEmpty());
    }
    assertThat(a.contains(a)).isTrue();
    assertThat(a.contains(Resources.empty())).isTrue();
  }

  @Property(tries = 300)
  void rangesCoalesceWhateverTheOrderOfAddition(@ForAll("portLists") List<Resources> parts) {
    Resources forward = Resources.empty();
    for (Resources p : parts) {
      forward = forward.add(p);
    }
    Resources backward = Resources.empty();
    for (int i = parts.size() - 1; i >= 0; i--) {
      backward = backward.add(parts.get(i));
    }
    assertThat(forward.toList()).isEqualTo(backward.toList());
    assertThat(forward.size()).isLessThanOrEqualTo(1);
    if (!forward.isEmpty()) {
      assertThat(forward.toList().get(0).getRanges())
          .isEqualTo(Values.coalesce(forward.ranges("ports")));
    }
  }

  @Provide
  Arbitrary<Resources> scalarResources() {
    Arbitrary<String> entry =
        Combinators.combine(
                Arbitraries.of("cpus", "mem", "gpus"),
                Arbitraries.of("", "(web)"),
                Arbitraries.integers().between(0, 100_000))
            .as((name, role, thousandths) -> name + role + ":" + thousandths / 1000.0);
    return entry.list().ofMaxSize(6).map(e -> r(String.join(";", e)));
  }

  @Provide
  Arbitrary<Resources> resources() {
    Arbitrary<String> scalar =
        Combinators.combine(
                Arbitraries.of("cpus", "mem"),
                Arbitraries.of("", "(web)"),
                Arbitraries.integers().between(0, 5_000))
            .as((name, role, thousandths) -> name + role + ":" + thousandths / 1000.0);
    Arbitrary<String> ranges =
        Combinators.combine(
                Arbitraries.of("", "(web)"),
                Arbitraries.integers().between(0, 60),
                Arbitraries.integers().between(0, 8))
            .as(
                (role, begin, length) ->
                    "ports" + role + ":[" + begin + "-" + (begin + length) + "]");
    Arbitrary<String> set =
        Combinators.combine(
                Arbitraries.of("", "(web)"), Arbitraries.of("a", "b", "c", "d").set().ofMinSize(1))
            .as((role, items) -> "disks" + role + ":{" + String.join(",", items) + "}");
    return Arbitraries.oneOf(scalar, ranges, set)
        .list()
        .ofMaxSize(8)
        .map(e -> r(String.join(";", e)));
  }

  @Provide
  Arbitrary<List<Resources>> portLists() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 100), Arbitraries.integers().between(0, 5))
        .as((begin, length) -> r("ports:[" + begin + "-" + (begin + length) + "]"))
        .list()
        .ofMaxSize(10);
  }
}
