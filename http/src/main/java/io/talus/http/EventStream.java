package io.talus.http;

/**
 * A response that stays open and carries Mesos RecordIO records ({@code <decimal
 * length>\n<payload>}): the scheduler, executor and operator event streams.
 *
 * <p>Each record goes out as exactly one HTTP chunk and is flushed at once, because Mesos does that
 * and some clients read one chunk as one event. The stream ends when its owner closes it, when the
 * client goes away, when the server closes, or when the client stops reading and the unsent bytes
 * pass {@link HttpServerConfig#maxPendingStreamBytes()}, so that one stuck subscriber cannot
 * exhaust the master's memory. All methods are thread-safe.
 */
public interface EventStream {

  /**
   * Frames {@code payload} as one RecordIO record and sends it as one chunk. Records sent through
   * one stream arrive in the order of these calls.
   *
   * @return {@code false}, sending nothing, once the stream has ended (including the call that
   *     finds the client too slow and ends it)
   */
  boolean sendRecord(byte[] payload);

  /** Ends the chunked response and closes the connection; later calls do nothing. */
  void close();

  /** Whether records are still accepted; {@code false} from the moment the stream ends. */
  boolean isOpen();

  /**
   * Registers {@code callback} to run exactly once when the stream ends for any reason, so that the
   * owner can, for example, mark a framework disconnected. It runs at once, on the calling thread,
   * if the stream has already ended. Otherwise it may run on a Netty IO thread, so it must not
   * block; an exception it throws is logged and does not stop the other callbacks.
   */
  void onClose(Runnable callback);
}
