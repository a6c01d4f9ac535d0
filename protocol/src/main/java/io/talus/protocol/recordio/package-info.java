/**
 * Mesos RecordIO framing ({@code <decimal length>\n<payload>}, repeated), the framing of every
 * Mesos v1 event stream (scheduler, executor and operator {@code SUBSCRIBE}). {@link
 * io.talus.protocol.recordio.RecordIo} frames outgoing records; {@link
 * io.talus.protocol.recordio.RecordIoDecoder} recovers records from a byte stream that arrives in
 * chunks bearing no relation to record boundaries, with a hard cap on record size so a bad peer
 * cannot make us allocate without bound.
 */
package io.talus.protocol.recordio;
