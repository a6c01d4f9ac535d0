package io.talus.chaos.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HistoryRecorderTest {

  private final AtomicLong nanos = new AtomicLong(1_000_000);
  private final Clock wall = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);

  @Test
  void opsAreStampedWithWallClockAndNanosSinceTheStart() {
    HistoryRecorder recorder = new HistoryRecorder(wall, nanos::get, null);
    nanos.addAndGet(500);

    Op invoked = recorder.invoke(4, "launch", Map.of("task_id", "t1"));
    nanos.addAndGet(2_000);
    Op failed = recorder.complete(invoked, Op.Type.FAIL, Map.of("task_id", "t1"), "declined");

    Map<String, Object> t1 = Map.of("task_id", "t1");
    long wallMillis = 1_700_000_000_000L;
    assertThat(invoked).isEqualTo(new Op(4, Op.Type.INVOKE, "launch", t1, null, wallMillis, 500));
    assertThat(failed)
        .isEqualTo(new Op(4, Op.Type.FAIL, "launch", t1, "declined", wallMillis, 2_500));
    assertThat(recorder.history().ops()).containsExactly(invoked, failed);
  }

  @Test
  void everyOpIsAppendedToTheSinkAtOnce() throws IOException {
    StringWriter sink = new StringWriter();
    HistoryRecorder recorder = new HistoryRecorder(wall, nanos::get, sink);

    Op observed = recorder.observe(1, "status", Map.of("task_id", "t1", "state", "TASK_RUNNING"));

    assertThat(History.read(new StringReader(sink.toString())).ops()).containsExactly(observed);
    assertThat(observed.type()).isEqualTo(Op.Type.OK);
  }

  @Test
  void onlyInvokesCanBeCompletedAndOnlyByAnOutcome() {
    HistoryRecorder recorder = new HistoryRecorder(wall, nanos::get, null);
    Op invoked = recorder.invoke(0, "subscribe", Map.of());
    Op ok = recorder.complete(invoked, Op.Type.OK, Map.of("framework_id", "f"), null);

    assertThatThrownBy(() -> recorder.complete(ok, Op.Type.OK, Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> recorder.complete(invoked, Op.Type.INVOKE, Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
