package io.talus.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.talus.protocol.registry.RegistryBatch;
import io.talus.protocol.registry.RegistryBatchResult;
import io.talus.storage.InMemoryKeyValueStore;
import io.talus.storage.RecordDigest;
import java.io.IOException;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Replication properties over random entry sequences from {@link RegistryOpGenerator}. jqwik
 * picks the generator's seed and the sizes; a failure message names them (and jqwik's report in
 * {@code target/surefire-reports/*-output.txt} gives its own seed: rerun with {@code
 * @Property(seed = "...")}).
 */
class ReplicaPropertiesTest {

  private static final int TRIES = 40;

  /**
   * The Raft log as the replicas see it: entry bytes at increasing indexes (with the occasional gap
   * left by a configuration entry) and a term that grows at leader changes.
   */
  private static final class Log {
    private final RegistryOpGenerator generator;
    private final Random leaderChanges;
    long term = 1;
    long index;

    Log(long seed) {
      generator = new RegistryOpGenerator(seed);
      leaderChanges = new Random(~seed);
    }

    /** The next entry, generated against {@code view}, as the bytes a follower would receive. */
    byte[] next(Registry view, int maxOps) {
      index += leaderChanges.nextInt(20) == 0 ? 2 : 1;
      if (leaderChanges.nextInt(40) == 0) {
        term++;
      }
      return generator.nextBatch(view, maxOps).toByteArray();
    }
  }

  private static RegistryBatchResult apply(Registry registry, Log log, byte[] entry) {
    try {
      return registry.applyEntry(log.term, log.index, RegistryBatch.parseFrom(entry));
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertSameState(Registry expected, Registry actual, String sample) {
    assertThat(actual.applied()).as(sample).isEqualTo(expected.applied());
    assertThat(RecordDigest.hex(actual.contentDigest())).as("content digest, %s", sample)
        .isEqualTo(RecordDigest.hex(expected.contentDigest()));
    assertThat(RegistryRecords.stream(actual)).as("record stream, %s", sample)
        .isEqualTo(RegistryRecords.stream(expected));
  }

  /** The sample in every failure message, so that the console alone tells how to reproduce it. */
  private static String sample(long seed, int maxOps, int... sizes) {
    return "generator seed " + seed + "L, maxOps " + maxOps + ", entries " + java.util.Arrays.toString(sizes);
  }

  /**
   * Two replicas applying the same entries hold the same records and give the same results, even
   * when one of them also drains its changes and serves reads along the way.
   */
  @Property(tries = TRIES)
  void replicasApplyingTheSameEntriesHoldTheSameState(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 32) int maxOps,
      @ForAll @IntRange(min = 1, max = 200) int entries) {
    String sample = sample(seed, maxOps, entries);
    Registry a = new Registry();
    Registry b = new Registry();
    Log log = new Log(seed);

    for (int i = 0; i < entries; i++) {
      byte[] entry = log.next(a, maxOps);
      RegistryBatchResult resultA = apply(a, log, entry);
      RegistryBatchResult resultB = apply(b, log, entry);
      b.drainChanges();
      b.agents().forEach(agent -> b.tasksOnAgent(agent.getInfo().getId().getValue()));

      assertThat(resultB).as("results of the entry at index %d, %s", log.index, sample).isEqualTo(resultA);
    }
    assertSameState(a, b, sample);
  }

  /**
   * A replica restored from a snapshot of another at index N and then fed the same later entries
   * ends where the other ends, giving the same results on the way.
   */
  @Property(tries = TRIES)
  void restoringASnapshotAndContinuingEqualsNeverSnapshotting(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 32) int maxOps,
      @ForAll @IntRange(min = 0, max = 150) int before,
      @ForAll @IntRange(min = 1, max = 100) int after) throws IOException {
    String sample = sample(seed, maxOps, before, after);
    Registry a = new Registry();
    Log log = new Log(seed);
    for (int i = 0; i < before; i++) {
      apply(a, log, log.next(a, maxOps));
    }

    Registry b = Registry.restore(RegistryRecords.copyToStore(a));
    assertSameState(a, b, "right after the restore, " + sample);

    for (int i = 0; i < after; i++) {
      byte[] entry = log.next(a, maxOps);
      RegistryBatchResult resultA = apply(a, log, entry);
      RegistryBatchResult resultB = apply(b, log, entry);
      assertThat(resultB).as("results of the entry at index %d, %s", log.index, sample).isEqualTo(resultA);
    }
    assertSameState(a, b, sample);
  }

  /**
   * The live store, fed only the drained changes after each entry, holds exactly the registry's
   * records after every entry, and restores to an equal registry.
   */
  @Property(tries = TRIES)
  void liveStoreFedByDrainedChangesMirrorsTheRecords(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 32) int maxOps,
      @ForAll @IntRange(min = 1, max = 150) int entries) throws IOException {
    String sample = sample(seed, maxOps, entries);
    Registry registry = new Registry();
    InMemoryKeyValueStore live = new InMemoryKeyValueStore();
    Log log = new Log(seed);

    for (int i = 0; i < entries; i++) {
      apply(registry, log, log.next(registry, maxOps));
      live.write(registry.drainChanges());

      assertThat(RegistryRecords.stream(live)).as("live store after the entry at index %d, %s", log.index, sample)
          .isEqualTo(RegistryRecords.stream(registry));
    }
    assertThat(registry.drainChanges()).as("nothing left to drain, %s", sample).isEmpty();
    assertSameState(registry, Registry.restore(live), "restored from the live store, " + sample);
  }
}
