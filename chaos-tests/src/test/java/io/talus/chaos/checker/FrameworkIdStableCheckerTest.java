package io.talus.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import io.talus.chaos.history.History;
import io.talus.chaos.history.Op;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameworkIdStableCheckerTest {

  private final FrameworkIdStableChecker checker = new FrameworkIdStableChecker();

  @Test
  void resubscribingWithTheSameIdAcrossFailoversIsValid() {
    History history =
        History.of(
            List.of(
                invoke(0),
                subscribed(0, "c1-0000"),
                new Op(Op.NEMESIS, Op.Type.INFO, "kill-leader", Map.of(), null, 0, 0),
                invoke(0),
                new Op(0, Op.Type.FAIL, "subscribe", Map.of(), "503", 0, 0),
                invoke(0),
                subscribed(0, "c1-0000"),
                invoke(1),
                subscribed(1, "c1-0000")));

    CheckResult result = checker.check(history);

    assertThat(result.valid()).isTrue();
    assertThat(result.failures()).isEmpty();
    assertThat(result.counts()).containsEntry("subscribes", 3L).containsEntry("frameworks", 1L);
  }

  @Test
  void aChangedFrameworkIdIsReportedWithBothOps() {
    History history =
        History.of(
            List.of(invoke(0), subscribed(0, "c1-0000"), invoke(0), subscribed(0, "c2-0007")));

    CheckResult result = checker.check(history);

    assertThat(result.valid()).isFalse();
    assertThat(result.failures())
        .containsExactly("framework (unnamed) changed ID: c2-0007 at op 3, c1-0000 at op 1");
  }

  @Test
  void frameworksAreToldApartByName() {
    History history =
        History.of(
            List.of(
                named(0, "alpha", "c1-0000"),
                named(1, "beta", "c1-0001"),
                named(0, "alpha", "c1-0000"),
                named(1, "beta", "c1-0002")));

    CheckResult result = checker.check(history);

    assertThat(result.counts()).containsEntry("frameworks", 2L);
    assertThat(result.failures())
        .containsExactly("framework 'beta' changed ID: c1-0002 at op 3, c1-0001 at op 1");
  }

  @Test
  void aSubscribeOkWithoutAnIdIsAFailure() {
    CheckResult result =
        checker.check(History.of(List.of(Op.ok(2, "subscribe", Map.of(), 0, 0))));

    assertThat(result.valid()).isFalse();
    assertThat(result.failures())
        .singleElement()
        .asString()
        .contains("op 0", "without a framework_id");
  }

  @Test
  void anEmptyHistoryIsTriviallyValid() {
    CheckResult result = checker.check(History.of(List.of()));

    assertThat(result.valid()).isTrue();
    assertThat(result.counts()).containsEntry("subscribes", 0L);
  }

  private static Op invoke(int process) {
    return Op.invoke(process, "subscribe", Map.of(), 0, 0);
  }

  private static Op subscribed(int process, String frameworkId) {
    return Op.ok(process, "subscribe", Map.of("framework_id", frameworkId), 0, 0);
  }

  private static Op named(int process, String name, String frameworkId) {
    return Op.ok(
        process, "subscribe", Map.of("framework", name, "framework_id", frameworkId), 0, 0);
  }
}
