/**
 * Apache Ratis glue for the registry: the state machine adapter (apply, RocksDB snapshots written off the apply thread,
 * snapshot install), the server bootstrap, the group-commit client that submits registry ops to
 * whoever leads, linearizable reads, and leader-change events for the master.
 */
package io.talus.consensus;
