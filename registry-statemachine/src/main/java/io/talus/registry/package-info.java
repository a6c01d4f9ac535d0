/**
 * The replicated registry: agents, frameworks, tasks and roles, changed only by {@link
 * io.talus.registry.Registry#applyEntry} replaying registry ops from the Raft log. Applying is pure
 * and deterministic (no clock, IO, randomness or threads), so every replica that applies the same
 * entries holds the same records, byte for byte; the snapshot is those records in key order.
 */
package io.talus.registry;
