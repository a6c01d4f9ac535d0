package io.talus.protocol.recordio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RecordIoTest {

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void encodesLengthNewlinePayload() throws Exception {
    assertThat(RecordIo.encode(ascii("{\"type\":\"HEARTBEAT\"}")))
        .isEqualTo(ascii("20\n{\"type\":\"HEARTBEAT\"}"));
    assertThat(RecordIo.encode(new byte[0])).isEqualTo(ascii("0\n"));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RecordIo.encode(ascii("abc"), out);
    RecordIo.encode(ascii(""), out);
    assertThat(out.toByteArray()).isEqualTo(ascii("3\nabc0\n"));
  }

  @Test
  void decodesManyRecordsCoalescedInOneChunk() throws Exception {
    RecordIoDecoder decoder = new RecordIoDecoder(1024);
    List<byte[]> records = decoder.feed(ascii("3\nabc0\n11\nhello world2\nok"));
    assertThat(strings(records)).containsExactly("abc", "", "hello world", "ok");
    assertThat(decoder.hasPartialRecord()).isFalse();
  }

  @Test
  void decodesByteByByteAndReportsPartialRecords() throws Exception {
    RecordIoDecoder decoder = new RecordIoDecoder(1024);
    byte[] stream = ascii("12\nhello, world");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < stream.length; i++) {
      out.addAll(strings(decoder.feed(stream, i, 1)));
      if (i < stream.length - 1) {
        assertThat(out).isEmpty();
        assertThat(decoder.hasPartialRecord()).isTrue();
      }
    }
    assertThat(out).containsExactly("hello, world");
    assertThat(decoder.hasPartialRecord()).isFalse();
  }

  @Test
  void honoursOffsetAndLength() throws Exception {
    RecordIoDecoder decoder = new RecordIoDecoder(1024);
    byte[] buf = ascii("xx2\nhiyy");
    assertThat(strings(decoder.feed(buf, 2, 4))).containsExactly("hi");
    assertThatThrownBy(() -> decoder.feed(buf, 5, 10))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Property(tries = 300)
  void anySplitOfEncodedRecordsDecodesToTheSameRecords(
      @ForAll("payloads") List<byte[]> payloads, @ForAll("cuts") List<Integer> cutSeeds)
      throws Exception {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (byte[] p : payloads) {
      stream.write(RecordIo.encode(p));
    }
    byte[] bytes = stream.toByteArray();
    int[] cuts =
        cutSeeds.stream()
            .mapToInt(c -> bytes.length == 0 ? 0 : Math.floorMod(c, bytes.length + 1))
            .sorted()
            .toArray();

    RecordIoDecoder decoder = new RecordIoDecoder(4096);
    List<byte[]> decoded = new ArrayList<>();
    int from = 0;
    for (int cut : cuts) {
      decoded.addAll(decoder.feed(bytes, from, cut - from));
      from = cut;
    }
    decoded.addAll(decoder.feed(bytes, from, bytes.length - from));

    assertThat(decoded).hasSameSizeAs(payloads);
    for (int i = 0; i < payloads.size(); i++) {
      assertThat(decoded.get(i)).as("record %d", i).isEqualTo(payloads.get(i));
    }
    assertThat(decoder.hasPartialRecord()).isFalse();
  }

  @Provide
  Arbitrary<List<byte[]>> payloads() {
    Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300);
    Arbitrary<byte[]> empty = Arbitraries.just(new byte[0]);
    // Bytes '0'-'9' and '\n' inside payloads must not confuse the decoder.
    Arbitrary<byte[]> headerLike =
        Arbitraries.of((byte) '\n', (byte) '7', (byte) '0').array(byte[].class).ofMaxSize(20);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, payload),
            net.jqwik.api.Tuple.of(2, empty),
            net.jqwik.api.Tuple.of(2, headerLike))
        .list()
        .ofMaxSize(20);
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(30);
  }

  @Property(tries = 50)
  void aRecordOfExactlyTheMaximumIsAccepted(@ForAll @IntRange(min = 0, max = 2000) int max)
      throws Exception {
    byte[] payload = new byte[max];
    Arrays.fill(payload, (byte) 'x');
    RecordIoDecoder decoder = new RecordIoDecoder(max);
    assertThat(decoder.feed(RecordIo.encode(payload))).singleElement().isEqualTo(payload);
  }

  @Property(tries = 50)
  void aRecordOneByteOverTheMaximumFailsAtItsHeader(
      @ForAll @IntRange(min = 0, max = 2000) int max) {
    RecordIoDecoder decoder = new RecordIoDecoder(max);
    // The header alone is enough: nothing is buffered for a record that will be refused.
    assertThatThrownBy(() -> decoder.feed(ascii((max + 1) + "\n")))
        .isInstanceOf(RecordIoException.class)
        .hasMessageContaining("more than the maximum of " + max);
    assertThat(decoder.isFailed()).isTrue();
  }

  @Test
  void nonDigitInLengthFails() {
    assertFails("1a\nx", "byte 0x61 at stream offset 1 is not a decimal digit");
    assertFails("-1\n", "byte 0x2d at stream offset 0 is not a decimal digit");
    assertFails(" 5\nhello", "byte 0x20 at stream offset 0 is not a decimal digit");
    assertFails("5\r\nhello", "byte 0x0d at stream offset 1 is not a decimal digit");
    assertFails("2\nok{\"a\":1}", "byte 0x7b at stream offset 4 is not a decimal digit");
  }

  @Test
  void emptyLengthLineFails() {
    assertFails("\n", "empty line at stream offset 0");
    assertFails("1\na\n", "empty line at stream offset 3");
  }

  @Test
  void tooManyDigitsOrOverflowFails() {
    // Leading zeros keep the value small, so only the digit count can stop it.
    assertFails("0".repeat(RecordIoDecoder.MAX_LENGTH_DIGITS) + "1\nx", "more than 19 digits");
    // A length that would overflow a long is refused long before it could.
    assertFails("99999999999999999999999999\n", "more than the maximum of " + Integer.MAX_VALUE);
  }

  @Test
  void errorsAreDetectedAcrossChunkBoundaries() throws Exception {
    RecordIoDecoder decoder = new RecordIoDecoder(10);
    assertThat(decoder.feed(ascii("1"))).isEmpty();
    assertThatThrownBy(() -> decoder.feed(ascii("1\n")))
        .isInstanceOf(RecordIoException.class)
        .hasMessageContaining("at least 11 bytes, more than the maximum of 10");
  }

  @Test
  void aFailedDecoderStaysFailed() {
    RecordIoDecoder decoder = new RecordIoDecoder(100);
    assertThatThrownBy(() -> decoder.feed(ascii("x"))).isInstanceOf(RecordIoException.class);
    // Even bytes that would be valid on their own are refused: framing is lost for good.
    assertThatThrownBy(() -> decoder.feed(ascii("2\nok")))
        .isInstanceOf(RecordIoException.class)
        .hasMessageContaining("stream already failed")
        .hasMessageContaining("not a decimal digit");
    assertThat(decoder.isFailed()).isTrue();
  }

  @Test
  void rejectsANegativeMaximum() {
    assertThatThrownBy(() -> new RecordIoDecoder(-1)).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertFails(String stream, String message) {
    RecordIoDecoder decoder = new RecordIoDecoder(Integer.MAX_VALUE);
    assertThatThrownBy(() -> decoder.feed(ascii(stream)))
        .isInstanceOf(RecordIoException.class)
        .hasMessageContaining(message);
  }

  private static List<String> strings(List<byte[]> records) {
    return records.stream()
        .map(r -> new String(r, StandardCharsets.US_ASCII))
        .collect(Collectors.toList());
  }
}
