package io.talus.registry;

import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegistryBatch;
import io.talus.protocol.registry.RegistryBatchResult;
import io.talus.protocol.registry.RegistryOp;
import java.util.List;

/**
 * Test fixture: a {@link Registry} fed as the consensus layer feeds it, one log entry at a time at
 * increasing indexes, with a fake leader clock that stamps each op lacking a time one second after
 * the previous op. The convenience methods that return ids fail loudly when the op is rejected.
 */
public final class RegistryHarness {

  /** The fake leader clock's first reading: 2023-11-14T22:13:20Z, in nanoseconds. */
  public static final long START_NANOS = 1_700_000_000_000_000_000L;
  public static final long TICK_NANOS = 1_000_000_000L;

  private final Registry registry;
  private long term = 1;
  private long index;
  private long clockNanos = START_NANOS;

  public RegistryHarness() {
    this(new Registry());
  }

  /** Continues feeding {@code registry} after its last applied entry. */
  public RegistryHarness(Registry registry) {
    this.registry = registry;
    this.term = Math.max(1, registry.applied().getTerm());
    this.index = registry.applied().getIndex();
  }

  public Registry registry() {
    return registry;
  }

  /** The index of the last entry applied through this harness. */
  public long index() {
    return index;
  }

  public long term() {
    return term;
  }

  /** Later entries carry this term (a new leader). */
  public void setTerm(long term) {
    this.term = term;
  }

  /** Where the next entry will land, e.g. to predict derived ids. */
  public long nextIndex() {
    return index + 1;
  }

  /** The time stamped on the last op applied without its own time. */
  public long clockNanos() {
    return clockNanos;
  }

  /** Applies one entry holding only {@code op}. */
  public OpResult apply(RegistryOp op) {
    return applyEntry(op).getResults(0);
  }

  /** Applies one entry holding {@code ops}, in order. */
  public RegistryBatchResult applyEntry(RegistryOp... ops) {
    return applyEntry(List.of(ops));
  }

  public RegistryBatchResult applyEntry(List<RegistryOp> ops) {
    RegistryBatch.Builder batch = RegistryBatch.newBuilder();
    for (RegistryOp op : ops) {
      batch.addOps(op.hasTimeNanos() ? op : op.toBuilder().setTimeNanos(clockNanos += TICK_NANOS).build());
    }
    return registry.applyEntry(term, ++index, batch.build());
  }

  /** Applies an entry with no ops: the applied index moves, nothing else does. */
  public RegistryBatchResult applyEmptyEntry() {
    return applyEntry(List.of());
  }

  // ---- conveniences for setting up a scene --------------------------------------------------------

  public String initialize(String clusterId) {
    accepted(apply(RegistryOps.initialize(clusterId)), "InitializeCluster");
    return clusterId;
  }

  public String registerAgent(String hostname) {
    return accepted(apply(RegistryOps.registerAgent(hostname)), "RegisterAgent " + hostname)
        .getAccepted().getAgentId().getValue();
  }

  public String registerFramework(String name) {
    return accepted(apply(RegistryOps.registerFramework(name)), "RegisterFramework " + name)
        .getAccepted().getFrameworkId().getValue();
  }

  /** Applies {@code op} and fails unless it was accepted. */
  public OpResult accept(RegistryOp op) {
    return accepted(apply(op), op.getOpCase().toString());
  }

  private static OpResult accepted(OpResult result, String what) {
    if (!result.hasAccepted()) {
      throw new IllegalStateException(what + " was rejected: " + result.getRejected());
    }
    return result;
  }
}
