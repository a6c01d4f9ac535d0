package io.talus.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.talus.mesos.v1.Protos.FrameworkID;
import io.talus.mesos.v1.Protos.TaskID;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The key encoding keeps ids apart and in order, whatever characters they hold. Ids are drawn
 * from a small alphabet heavy in NUL, "/" and the escape bytes, so that near-collisions are
 * common.
 */
class CheckpointKeysTest {

  @Property(tries = 2000)
  void twoKeysAreEqualOnlyForEqualIds(
      @ForAll("ids") String f1, @ForAll("ids") String t1,
      @ForAll("ids") String f2, @ForAll("ids") String t2) {
    byte[] a = CheckpointKeys.task(framework(f1), task(t1));
    byte[] b = CheckpointKeys.task(framework(f2), task(t2));

    assertThat(Arrays.equals(a, b)).isEqualTo(f1.equals(f2) && t1.equals(t2));
  }

  @Property(tries = 2000)
  void keysSortAsTheirIds(
      @ForAll("ids") String f1, @ForAll("ids") String t1,
      @ForAll("ids") String f2, @ForAll("ids") String t2) {
    int byIds = compareUnsigned(utf8(f1), utf8(f2));
    if (byIds == 0) {
      byIds = compareUnsigned(utf8(t1), utf8(t2));
    }

    int byKeys = Arrays.compareUnsigned(
        CheckpointKeys.task(framework(f1), task(t1)), CheckpointKeys.task(framework(f2), task(t2)));

    assertThat(Integer.signum(byKeys)).isEqualTo(Integer.signum(byIds));
  }

  @Provide
  Arbitrary<String> ids() {
    return Arbitraries.strings()
        .withChars('\0', '\u0001', '/', 'a', '\u00ff', '\uffff')
        .ofMaxLength(4);
  }

  private static int compareUnsigned(byte[] a, byte[] b) {
    return Arrays.compareUnsigned(a, b);
  }

  private static byte[] utf8(String s) {
    return ByteString.copyFromUtf8(s).toByteArray();
  }

  private static FrameworkID framework(String id) {
    return FrameworkID.newBuilder().setValue(id).build();
  }

  private static TaskID task(String id) {
    return TaskID.newBuilder().setValue(id).build();
  }
}
