package io.talus.protocol.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talus.mesos.v1.Protos.Value;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ValuesTest {

  private static final int UNIVERSE = 128;

  @Test
  void scalarsAreThreeDecimalFixedPoint() {
    Value.Scalar sum = Values.add(Values.scalar(0.1), Values.scalar(0.2));
    assertThat(sum.getValue()).isEqualTo(0.3);
    assertThat(0.1 + 0.2).isNotEqualTo(0.3);
    assertThat(Values.contains(Values.scalar(0.3), sum)).isTrue();
    assertThat(Values.subtract(sum, Values.scalar(0.3)).getValue()).isEqualTo(0.0);
    assertThat(Values.round(0.0004)).isEqualTo(0.0);
    assertThat(Values.round(0.0005)).isEqualTo(0.001);
    assertThat(Values.round(-0.0005)).isEqualTo(-0.001);
    assertThat(Values.toFixed(8192)).isEqualTo(8_192_000);
    assertThat(Values.contains(Values.scalar(1.0004), Values.scalar(1.0001))).isTrue();
    assertThat(Values.contains(Values.scalar(1), Values.scalar(1.001))).isFalse();
  }

  @Test
  void coalesceMergesOverlappingAndAdjacentRanges() {
    assertThat(Values.format(Values.ranges(10, 12, 1, 2, 3, 4, 6, 8, 7, 9, 11, 11)))
        .isEqualTo("[1-4, 6-12]");
    assertThat(Values.format(Values.ranges(1, 100, 5, 6))).isEqualTo("[1-100]");
    assertThat(Values.format(Values.ranges())).isEqualTo("[]");
    // The top of the uint64 range must not wrap around when checking adjacency.
    assertThat(Values.ranges(-2L, -1L, 0, 1).getRangeList())
        .containsExactly(Values.range(0, 1), Values.range(-2L, -1L));
    assertThat(Values.ranges(-3L, -1L, -2L, -2L)).isEqualTo(Values.ranges(-3L, -1L));
    assertThatThrownBy(() -> Values.ranges(5, 4)).hasMessageContaining("invalid range 5-4");
    assertThatThrownBy(() -> Values.ranges(1)).hasMessageContaining("pairs");
  }

  @Test
  void subtractSplitsRanges() {
    assertThat(
            Values.format(
                Values.subtract(Values.ranges(31000, 32000), Values.ranges(31500, 31500))))
        .isEqualTo("[31000-31499, 31501-32000]");
    assertThat(Values.format(Values.subtract(Values.ranges(1, 10, 20, 30), Values.ranges(5, 25))))
        .isEqualTo("[1-4, 26-30]");
    assertThat(Values.subtract(Values.ranges(1, 10), Values.ranges(0, 11)).getRangeCount())
        .isZero();
    assertThat(Values.format(Values.subtract(Values.ranges(0, -1L), Values.ranges(-1L, -1L))))
        .isEqualTo("[0-18446744073709551614]");
    assertThat(Values.contains(Values.ranges(1, 10), Values.ranges(2, 3, 9, 10))).isTrue();
    assertThat(Values.contains(Values.ranges(1, 10), Values.ranges(10, 11))).isFalse();
  }

  @Test
  void countsNumbersInRanges() {
    assertThat(Values.count(Values.ranges(31000, 32000))).isEqualTo(1001);
    assertThat(Values.count(Values.ranges(1, 2, 2, 3))).isEqualTo(3);
    assertThat(Values.count(Values.ranges(0, -1L))).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void setsAreSets() {
    Value.Set ab = Values.set("a", "b");
    assertThat(Values.add(ab, Values.set("c", "a")).getItemList()).containsExactly("a", "b", "c");
    assertThat(Values.subtract(ab, Values.set("a", "z")).getItemList()).containsExactly("b");
    assertThat(Values.contains(ab, Values.set("b"))).isTrue();
    assertThat(Values.contains(ab, Values.set("b", "c"))).isFalse();
    assertThat(Values.format(ab)).isEqualTo("{a, b}");
    assertThat(Values.format(Values.set())).isEqualTo("{}");
  }

  @Test
  void formatsScalarsLikeMesosText() {
    assertThat(Values.format(Values.scalar(4))).isEqualTo("4");
    assertThat(Values.format(Values.scalar(0.5))).isEqualTo("0.5");
    assertThat(Values.format(Values.scalar(0.1 + 0.2))).isEqualTo("0.3");
  }

  @Property(tries = 500)
  void coalescedRangesAreSortedDisjointAndCoverTheSameNumbers(
      @ForAll("rangeLists") List<Value.Range> list) {
    Value.Ranges coalesced = Values.coalesce(list);
    List<Value.Range> out = coalesced.getRangeList();
    for (int i = 1; i < out.size(); i++) {
      // Not even adjacent: a gap of at least one number separates consecutive ranges.
      assertThat(out.get(i).getBegin()).isGreaterThan(out.get(i - 1).getEnd() + 1);
    }
    assertThat(bits(coalesced)).isEqualTo(bits(list));
  }

  @Property(tries = 500)
  void rangeArithmeticMatchesSetsOfNumbers(
      @ForAll("rangeLists") List<Value.Range> a, @ForAll("rangeLists") List<Value.Range> b) {
    Value.Ranges ra = Values.coalesce(a);
    Value.Ranges rb = Values.coalesce(b);
    BitSet sum = bits(a);
    sum.or(bits(b));
    BitSet difference = bits(a);
    difference.andNot(bits(b));
    BitSet bNotA = bits(b);
    bNotA.andNot(bits(a));

    assertThat(bits(Values.add(ra, rb))).isEqualTo(sum);
    assertThat(bits(Values.subtract(ra, rb))).isEqualTo(difference);
    assertThat(Values.contains(ra, rb)).isEqualTo(bNotA.isEmpty());
    assertThat(Values.subtract(ra, rb)).isEqualTo(Values.coalesce(Values.subtract(ra, rb)));
    assertThat(Values.count(ra)).isEqualTo(bits(a).cardinality());
  }

  @Provide
  Arbitrary<List<Value.Range>> rangeLists() {
    Arbitrary<Value.Range> range =
        Combinators.combine(
                Arbitraries.integers().between(0, UNIVERSE - 1),
                Arbitraries.integers().between(0, 12))
            .as((begin, length) -> Values.range(begin, Math.min(UNIVERSE - 1, begin + length)));
    return range.list().ofMaxSize(8);
  }

  private static BitSet bits(Value.Ranges ranges) {
    return bits(ranges.getRangeList());
  }

  private static BitSet bits(List<Value.Range> ranges) {
    BitSet bits = new BitSet();
    for (Value.Range r : ranges) {
      bits.set((int) r.getBegin(), (int) r.getEnd() + 1);
    }
    return bits;
  }
}
