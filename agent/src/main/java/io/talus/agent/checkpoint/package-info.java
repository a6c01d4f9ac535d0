/**
 * The agent's checkpoint: what it must know after its own crash (kill -9 included) to find its
 * executors and tasks again and to finish delivering their status updates. One {@link
 * io.talus.agent.checkpoint.AgentCheckpoint} over a {@link io.talus.storage.KeyValueStore}
 * (RocksDB with a fsynced WAL in production, the in-memory twin in tests) holds the
 * agent_checkpoint.proto records; changes are grouped into batches written atomically.
 */
package io.talus.agent.checkpoint;
