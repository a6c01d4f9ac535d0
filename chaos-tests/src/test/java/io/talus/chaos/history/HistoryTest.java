package io.talus.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {

  private static final Op INVOKE =
      Op.invoke(0, "subscribe", Map.of("framework", "chaos"), 1_700_000_000_000L, 10);
  private static final Op OK =
      Op.ok(
          0,
          "subscribe",
          Map.of("framework", "chaos", "framework_id", "c1-0000"),
          1_700_000_000_005L,
          5_000_010);
  private static final Op CRASH =
      new Op(3, Op.Type.INFO, "launch", Map.of("task_id", "t1"), "connection reset", 1L, 2L);

  @TempDir Path dir;

  @Test
  void opsAreWrittenAsOneJsonObjectPerLine() throws IOException {
    StringWriter out = new StringWriter();

    History.of(List.of(INVOKE, CRASH)).write(out);

    assertThat(out.toString())
        .isEqualTo(
            "{\"process\":0,\"type\":\"invoke\",\"f\":\"subscribe\","
                + "\"value\":{\"framework\":\"chaos\"},"
                + "\"wallClockMillis\":1700000000000,\"nanos\":10}\n"
                + "{\"process\":3,\"type\":\"info\",\"f\":\"launch\","
                + "\"value\":{\"task_id\":\"t1\"},"
                + "\"error\":\"connection reset\",\"wallClockMillis\":1,\"nanos\":2}\n");
  }

  @Test
  void aHistoryRoundTripsThroughAFile() throws IOException {
    History history =
        History.of(
            List.of(
                INVOKE,
                OK,
                CRASH,
                new Op(Op.NEMESIS, Op.Type.INFO, "kill", Map.of("node", "m1"), null, 3L, 4L)));
    Path file = dir.resolve("history.jsonl");

    history.write(file);

    assertThat(History.read(file).ops()).isEqualTo(history.ops());
  }

  @Test
  void readingSkipsBlankLinesAndUnknownFields() throws IOException {
    String jsonl =
        "\n{\"process\":1,\"type\":\"ok\",\"f\":\"status\",\"value\":{\"state\":\"TASK_RUNNING\"},"
            + "\"wallClockMillis\":5,\"nanos\":6,\"index\":17,\"node\":\"m2\"}\n\n";

    History history = History.read(new StringReader(jsonl));

    Op expected = Op.ok(1, "status", Map.of("state", "TASK_RUNNING"), 5, 6);
    assertThat(history.ops()).containsExactly(expected);
  }

  @Test
  void aBrokenLineIsReportedByNumber() throws IOException {
    Path file = dir.resolve("broken.jsonl");
    Files.writeString(file, History.toJsonLine(INVOKE) + "{\"process\":1,\"type\":\"maybe\"}\n");

    assertThatThrownBy(() -> History.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("line 2");
  }

  @Test
  void valuesKeepNullsAndNestedStructure() throws IOException {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("task_ids", List.of("t1", "t2"));
    value.put("agent", null);
    value.put("resources", Map.of("cpus", 0.5));
    Op op = Op.ok(2, "launch", value, 7, 8);
    StringWriter out = new StringWriter();
    History.of(List.of(op)).write(out);

    Op read = History.read(new StringReader(out.toString())).get(0);

    assertThat(read.value()).containsEntry("agent", null);
    assertThat(read.value().get("task_ids")).isEqualTo(List.of("t1", "t2"));
    assertThat(read.value().get("resources")).isEqualTo(Map.of("cpus", 0.5));
  }
}
