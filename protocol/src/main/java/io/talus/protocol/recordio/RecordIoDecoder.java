package io.talus.protocol.recordio;

import java.util.ArrayList;
import java.util.List;

/**
 * Incremental RecordIO decoder: feed it the stream's bytes in chunks of any size and it returns the
 * records each chunk completes. A length header or a payload may span any number of chunks, and one
 * chunk may hold many records.
 *
 * <p>Any framing error ({@link RecordIoException}) is final: without a valid length there is no way
 * to find the next record, so every later {@link #feed} rethrows it. Not thread-safe; one decoder
 * per stream, fed from one thread.
 */
public final class RecordIoDecoder {

  /** Enough for any length up to {@link Integer#MAX_VALUE} with leading zeros to spare. */
  static final int MAX_LENGTH_DIGITS = 19;

  private final int maxRecordBytes;

  private boolean inPayload;
  private long length;
  private int lengthDigits;
  private byte[] record;
  private int filled;
  private long streamOffset;
  private RecordIoException failure;

  /**
   * @param maxRecordBytes the largest payload accepted; a header announcing more fails the stream
   *     before anything is allocated for it
   */
  public RecordIoDecoder(int maxRecordBytes) {
    if (maxRecordBytes < 0) {
      throw new IllegalArgumentException("maxRecordBytes must be >= 0, got " + maxRecordBytes);
    }
    this.maxRecordBytes = maxRecordBytes;
  }

  public List<byte[]> feed(byte[] buf) throws RecordIoException {
    return feed(buf, 0, buf.length);
  }

  /**
   * Consumes {@code len} bytes of {@code buf} from {@code off}.
   *
   * @return the records completed by these bytes, in stream order; empty if none
   * @throws RecordIoException if the bytes break the framing, or if an earlier feed did
   */
  public List<byte[]> feed(byte[] buf, int off, int len) throws RecordIoException {
    if (off < 0 || len < 0 || off > buf.length - len) {
      throw new IndexOutOfBoundsException(
          "off " + off + ", len " + len + " outside a buffer of " + buf.length);
    }
    if (failure != null) {
      throw new RecordIoException("stream already failed: " + failure.getMessage(), failure);
    }
    List<byte[]> records = new ArrayList<>();
    int end = off + len;
    int pos = off;
    while (pos < end) {
      if (inPayload) {
        int n = Math.min(end - pos, record.length - filled);
        System.arraycopy(buf, pos, record, filled, n);
        filled += n;
        pos += n;
        streamOffset += n;
        if (filled == record.length) {
          records.add(record);
          startHeader();
        }
      } else {
        byte b = buf[pos++];
        if (b == '\n') {
          endHeader(records);
        } else {
          appendDigit(b);
        }
        streamOffset++;
      }
    }
    return records;
  }

  /**
   * Whether bytes of an unfinished record are buffered: at the end of the stream this means it was
   * cut short.
   */
  public boolean hasPartialRecord() {
    return inPayload || lengthDigits > 0;
  }

  public boolean isFailed() {
    return failure != null;
  }

  private void appendDigit(byte b) throws RecordIoException {
    if (b < '0' || b > '9') {
      throw fail(
          String.format(
              "invalid RecordIO length header: byte 0x%02x at stream offset %d is not a decimal"
                  + " digit",
              b & 0xff, streamOffset));
    }
    if (lengthDigits == MAX_LENGTH_DIGITS) {
      throw fail(
          "invalid RecordIO length header: more than "
              + MAX_LENGTH_DIGITS
              + " digits at stream offset "
              + streamOffset);
    }
    lengthDigits++;
    length = length * 10 + (b - '0');
    // Checked per digit so a huge length fails early and the arithmetic above cannot overflow.
    if (length > maxRecordBytes) {
      throw fail(
          "RecordIO length header announces at least "
              + length
              + " bytes, more than the maximum of "
              + maxRecordBytes
              + " (stream offset "
              + streamOffset
              + ")");
    }
  }

  private void endHeader(List<byte[]> records) throws RecordIoException {
    if (lengthDigits == 0) {
      throw fail("invalid RecordIO length header: empty line at stream offset " + streamOffset);
    }
    if (length == 0) {
      records.add(new byte[0]);
      startHeader();
      return;
    }
    record = new byte[(int) length];
    filled = 0;
    inPayload = true;
  }

  private void startHeader() {
    inPayload = false;
    length = 0;
    lengthDigits = 0;
    record = null;
    filled = 0;
  }

  private RecordIoException fail(String message) {
    failure = new RecordIoException(message);
    record = null;
    return failure;
  }
}
