package io.talus.bench;

import io.talus.protocol.registry.RegistryBatch;
import io.talus.protocol.registry.RegistryBatchResult;
import io.talus.registry.Registry;
import io.talus.storage.InMemoryKeyValueStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast one replica applies registry log entries: the {@code Registry.applyEntry} cost alone
 * ({@link #apply}), and with the live store kept up to date after each entry ({@link
 * #applyAndDrainToLiveStore}: {@code drainChanges} into an in-memory store, i.e. serializing the
 * changed records, without RocksDB's cost).
 *
 * <p>The primary score is entries per second; the {@code registryOps} secondary score is registry ops per
 * second. Entries are generated before measuring ({@link RegistryWorkload}, about {@link
 * #generatedOps} ops); when they run out, the benchmark starts over on a fresh registry, so every
 * measurement covers a cluster growing from empty to a few hundred agents and up to 2,000 live
 * tasks, including rejected ops and retries.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
public class RegistryApplyBenchmark {

  /** Seed of the generated workload; fixed so that runs are comparable. */
  public static final long SEED = 0x7A105L;

  /** Ops per log entry, as group commit would batch them. */
  @Param({"1", "16", "256"})
  public int opsPerEntry;

  @Param({"200000"})
  public int generatedOps;

  private List<RegistryBatch> entries;
  private Registry registry;
  private InMemoryKeyValueStore live;
  private int next;

  /** Counts registry ops, reported per second next to the entries per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class OpCounter {
    public long registryOps;

    @Setup(Level.Iteration)
    public void reset() {
      registryOps = 0;
    }
  }

  @Setup(Level.Trial)
  public void generate() {
    entries = RegistryWorkload.generate(SEED, opsPerEntry, generatedOps);
    startOver();
  }

  private void startOver() {
    registry = new Registry();
    live = new InMemoryKeyValueStore();
    next = 0;
  }

  private RegistryBatch nextEntry(OpCounter counter) {
    if (next == entries.size()) {
      startOver();
    }
    RegistryBatch entry = entries.get(next++);
    counter.registryOps += entry.getOpsCount();
    return entry;
  }

  @Benchmark
  public RegistryBatchResult apply(OpCounter counter) {
    RegistryBatch entry = nextEntry(counter);
    return registry.applyEntry(RegistryWorkload.TERM, next, entry);
  }

  @Benchmark
  public RegistryBatchResult applyAndDrainToLiveStore(OpCounter counter) {
    RegistryBatch entry = nextEntry(counter);
    RegistryBatchResult result = registry.applyEntry(RegistryWorkload.TERM, next, entry);
    live.write(registry.drainChanges());
    return result;
  }

  // ---- for tests ----------------------------------------------------------------------------------

  Registry registry() {
    return registry;
  }

  InMemoryKeyValueStore liveStore() {
    return live;
  }

  int entryCount() {
    return entries.size();
  }
}
