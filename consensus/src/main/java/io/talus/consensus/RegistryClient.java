package io.talus.consensus;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.talus.protocol.registry.OpResult;
import io.talus.protocol.registry.RegistryBatch;
import io.talus.protocol.registry.RegistryBatchResult;
import io.talus.protocol.registry.RegistryOp;
import io.talus.protocol.registry.RegistryQuery;
import io.talus.protocol.registry.RegistryStatus;
import io.talus.protocol.registry.RequestId;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits registry ops to whoever leads, group-committing them: ops that arrive while earlier
 * entries are in flight travel together in one log entry, because Raft entries per second (about a
 * thousand on a small box), not ops, are the scarce resource.
 *
 * <p>Every op gets an idempotency key (this client's id and a sequence number) unless it has one, so
 * an entry resent after a leader change is applied at most once per op; Ratis retries to the new
 * leader with the same call id on top of that. Ops are committed in submission order unless a
 * batch fails and is resent; a caller that needs order waits for the earlier op's result.
 */
public final class RegistryClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryClient.class);
  private static final int MAX_BATCH_OPS = 2048;
  private static final int MAX_BATCH_BYTES = 4 << 20;
  /** Entries a client keeps in flight unless told otherwise; see {@link #connect(String, Map, String, int)}. */
  // One: on a small box entries/s is CPU-bound, so the fuller each entry the better; measured with
  // RegistryCommitBench against 2, 3, 4, 8 and 16 (README, Performance).
  public static final int DEFAULT_ENTRIES_IN_FLIGHT = 1;
  private static final int MAX_RESENDS = 5;
  private static final int READ_RETRIES = 150;
  private static final long READ_RETRY_MILLIS = 200;

  private final String name;
  private final RaftClient raft;
  private final ByteString clientId;
  private final AtomicLong sequence = new AtomicLong();
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Semaphore inFlight;
  private final Thread flusher;
  private final AtomicLong entriesSent = new AtomicLong();
  private final AtomicLong opsSent = new AtomicLong();
  private volatile boolean closed;

  private record Pending(RegistryOp op, CompletableFuture<OpResult> result) {}

  private RegistryClient(String name, RaftClient raft, ByteString clientId, int entriesInFlight) {
    this.name = name;
    this.inFlight = new Semaphore(entriesInFlight);
    this.raft = raft;
    this.clientId = clientId;
    this.flusher = new Thread(this::flushLoop, "registry-group-commit-" + name);
    this.flusher.setDaemon(true);
    this.flusher.start();
  }

  /** A client of the group that {@code peers} (id to Raft address) form under {@code groupName}. */
  public static RegistryClient connect(String groupName, Map<String, String> peers, String name) {
    return connect(groupName, peers, name, DEFAULT_ENTRIES_IN_FLIGHT);
  }

  /**
   * As {@link #connect(String, Map, String)}, keeping at most {@code entriesInFlight} log entries
   * outstanding: more pipelines the group better, fewer packs more ops into each entry.
   */
  public static RegistryClient connect(String groupName, Map<String, String> peers, String name,
      int entriesInFlight) {
    return create(RaftSettings.group(ConsensusConfig.groupUuid(groupName), peers), name, entriesInFlight);
  }

  static RegistryClient create(RaftGroup group, String name, int entriesInFlight) {
    byte[] id = new byte[16];
    new SecureRandom().nextBytes(id);
    RaftClient raft = RaftClient.newBuilder()
        .setRaftGroup(group)
        .setProperties(RaftSettings.clientProperties())
        .setClientId(ClientId.valueOf(UnsafeByteOperations.unsafeWrap(id)))
        // Leader changes take well under a second; keep trying for about half a minute.
        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(150,
            TimeDuration.valueOf(200, TimeUnit.MILLISECONDS)))
        .build();
    return new RegistryClient(name, raft, ByteString.copyFrom(id), entriesInFlight);
  }

  /**
   * Commits {@code op} and completes with its result (accepted, or rejected with a reason) once the
   * entry holding it is applied. Completes exceptionally only if the group could not be reached.
   */
  public CompletableFuture<OpResult> submit(RegistryOp op) {
    if (closed) {
      return CompletableFuture.failedFuture(new IOException("registry client " + name + " is closed"));
    }
    RegistryOp keyed = op.hasRequestId() ? op : op.toBuilder()
        .setRequestId(RequestId.newBuilder().setClientId(clientId).setSequence(sequence.incrementAndGet()))
        .build();
    CompletableFuture<OpResult> result = new CompletableFuture<>();
    queue.add(new Pending(keyed, result));
    return result;
  }

  private void flushLoop() {
    List<Pending> batch = new ArrayList<>();
    while (!closed) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        inFlight.acquire();
        // Take whatever queued up while we waited for a free slot: that is the group commit.
        batch.add(first);
        int bytes = first.op().getSerializedSize();
        for (Pending p; batch.size() < MAX_BATCH_OPS && bytes < MAX_BATCH_BYTES && (p = queue.poll()) != null; ) {
          batch.add(p);
          bytes += p.op().getSerializedSize();
        }
        send(List.copyOf(batch), 0);
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    failAll(new IOException("registry client " + name + " closed"));
  }

  private void send(List<Pending> batch, int attempt) {
    RegistryBatch.Builder entry = RegistryBatch.newBuilder();
    batch.forEach(p -> entry.addOps(p.op()));
    entriesSent.incrementAndGet();
    opsSent.addAndGet(batch.size());
    raft.async().send(Message.valueOf(UnsafeByteOperations.unsafeWrap(entry.build().toByteArray())))
        .whenComplete((reply, error) -> {
          Throwable failure = error != null ? unwrap(error) : replyFailure(reply);
          if (failure == null) {
            inFlight.release();
            complete(batch, reply);
          } else if (attempt < MAX_RESENDS && !closed) {
            // Safe to resend: every op carries its idempotency key.
            LOG.warn("registry entry failed client={} ops={} attempt={}: {}", name, batch.size(), attempt + 1,
                failure.toString());
            send(batch, attempt + 1);
          } else {
            inFlight.release();
            batch.forEach(p -> p.result().completeExceptionally(failure));
          }
        });
  }

  private static Throwable replyFailure(RaftClientReply reply) {
    if (reply.isSuccess()) {
      return null;
    }
    return reply.getException() != null ? reply.getException() : new IOException("raft reply not successful");
  }

  private static void complete(List<Pending> batch, RaftClientReply reply) {
    RegistryBatchResult results;
    try {
      results = RegistryBatchResult.parseFrom(reply.getMessage().getContent().asReadOnlyByteBuffer());
    } catch (InvalidProtocolBufferException e) {
      batch.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    if (results.getResultsCount() != batch.size()) {
      IOException e = new IOException("entry had " + batch.size() + " ops but " + results.getResultsCount()
          + " results");
      batch.forEach(p -> p.result().completeExceptionally(e));
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result().complete(results.getResults(i));
    }
  }

  /** A linearizable read of the registry's status from the leader. */
  public CompletableFuture<RegistryStatus> status(boolean withDigest) {
    return query(withDigest, null);
  }

  /**
   * A linearizable read served by one peer: it learns the leader's commit index and waits until it
   * has applied that far. Comparing peers' digests this way compares them at one point in the log.
   */
  public CompletableFuture<RegistryStatus> statusAt(String peerId, boolean withDigest) {
    return query(withDigest, peerId);
  }

  private CompletableFuture<RegistryStatus> query(boolean withDigest, String peerId) {
    RegistryQuery q = RegistryQuery.newBuilder()
        .setType(withDigest ? RegistryQuery.Type.STATUS_WITH_DIGEST : RegistryQuery.Type.STATUS)
        .build();
    Message msg = Message.valueOf(UnsafeByteOperations.unsafeWrap(q.toByteArray()));
    return queryWithRetry(msg, peerId, 0);
  }

  /**
   * A read index needs a known leader; during an election a read fails fast, so it is retried here
   * for as long as an election may take, rather than surfacing to the caller.
   */
  private CompletableFuture<RegistryStatus> queryWithRetry(Message msg, String peerId, int attempt) {
    CompletableFuture<RaftClientReply> reply = peerId == null
        ? raft.async().sendReadOnly(msg)
        : raft.async().sendReadOnly(msg, RaftSettings.peerId(peerId));
    return reply.handle((r, error) -> {
      Throwable failure = error != null ? unwrap(error) : replyFailure(r);
      if (failure == null) {
        try {
          return CompletableFuture.completedFuture(
              RegistryStatus.parseFrom(r.getMessage().getContent().asReadOnlyByteBuffer()));
        } catch (InvalidProtocolBufferException e) {
          return CompletableFuture.<RegistryStatus>failedFuture(e);
        }
      }
      if (attempt >= READ_RETRIES || closed || !isElectionTransient(failure)) {
        return CompletableFuture.<RegistryStatus>failedFuture(failure);
      }
      return CompletableFuture.supplyAsync(() -> null,
              CompletableFuture.delayedExecutor(READ_RETRY_MILLIS, TimeUnit.MILLISECONDS))
          .thenCompose(x -> queryWithRetry(msg, peerId, attempt + 1));
    }).thenCompose(f -> f);
  }

  private static boolean isElectionTransient(Throwable t) {
    return t instanceof ReadIndexException || t instanceof NotLeaderException
        || t instanceof LeaderNotReadyException || t instanceof LeaderSteppingDownException
        || t instanceof TimeoutIOException;
  }

  /** Log entries sent so far (each a group-committed batch). */
  public long entriesSent() {
    return entriesSent.get();
  }

  /** Ops sent so far; ops per entry is the group-commit factor. */
  public long opsSent() {
    return opsSent.get();
  }

  private void failAll(Throwable cause) {
    for (Pending p; (p = queue.poll()) != null; ) {
      p.result().completeExceptionally(cause);
    }
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    flusher.interrupt();
    try {
      flusher.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failAll(new IOException("registry client " + name + " closed"));
    raft.close();
  }

}
