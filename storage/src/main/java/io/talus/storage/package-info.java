/**
 * Durable key/value storage on RocksDB: the registry's live store (a mirror of the in-memory registry,
 * written without a WAL because the Raft log is the WAL), its snapshots (a point-in-time
 * view written out as a RocksDB database, with a checksummed metadata file) and, later, the agent's checkpoint store. Knows bytes
 * only; what the keys mean belongs to the modules above.
 */
package io.talus.storage;
