package io.talus.master.allocator;

import static io.talus.master.allocator.Fixtures.res;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DrfSorterTest {

  private final ScalarQuantities total = new ScalarQuantities();
  private final DrfSorter sorter = new DrfSorter(total);

  private List<String> order() {
    List<String> out = new ArrayList<>();
    sorter.sorted().forEach(out::add);
    return out;
  }

  @Test
  void ordersByDominantShareThenByName() {
    total.add(res("cpus:10;mem:1000;ports:[1-1000]"));
    sorter.add("c", 1, true);
    sorter.add("b", 1, true);
    sorter.add("a", 1, true);
    assertThat(order()).containsExactly("a", "b", "c");

    sorter.allocated("a", res("cpus:1;mem:500")); // mem dominates: 0.5
    sorter.allocated("b", res("cpus:3;mem:100")); // cpus dominate: 0.3
    // Ports are not a scalar and count for nothing.
    sorter.allocated("c", res("ports:[1-1000]"));
    assertThat(order()).containsExactly("c", "b", "a");
    assertThat(sorter.share("a")).isEqualTo(0.5);
  }

  @Test
  void weightsDivideShares() {
    total.add(res("cpus:10"));
    sorter.add("heavy", 4, true);
    sorter.add("light", 1, true);
    sorter.allocated("heavy", res("cpus:4")); // 0.4 / 4 = 0.1
    sorter.allocated("light", res("cpus:2")); // 0.2
    assertThat(order()).containsExactly("heavy", "light");
    assertThat(sorter.share("heavy")).isEqualTo(0.1);
  }

  @Test
  void inactiveClientsKeepTheirAllocationButAreNotSorted() {
    total.add(res("cpus:10"));
    sorter.add("a", 1, true);
    sorter.add("b", 1, true);
    sorter.allocated("a", res("cpus:5"));
    sorter.deactivate("a");
    assertThat(order()).containsExactly("b");
    sorter.activate("a");
    assertThat(order()).containsExactly("b", "a");
    assertThat(sorter.share("a")).isEqualTo(0.5);
  }

  @Test
  void sharesFollowTheClusterTotal() {
    total.add(res("cpus:10;mem:100"));
    sorter.add("cpu-heavy", 1, true);
    sorter.add("mem-heavy", 1, true);
    sorter.allocated("cpu-heavy", res("cpus:4")); // 0.4
    sorter.allocated("mem-heavy", res("mem:30")); // 0.3
    assertThat(order()).containsExactly("mem-heavy", "cpu-heavy");

    // Ten times the CPUs: cpu-heavy drops to 0.04 and goes first.
    total.add(res("cpus:90"));
    assertThat(order()).containsExactly("cpu-heavy", "mem-heavy");
    assertThat(sorter.share("cpu-heavy")).isEqualTo(0.04);
  }
}
