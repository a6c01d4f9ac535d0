/**
 * What the operator surface shows: an immutable {@link io.talus.master.state.MasterView} of one
 * master, and its renderings: Mesos's {@code /master/state} JSON ({@link
 * io.talus.master.state.StateJson}), {@code /metrics/snapshot} ({@link
 * io.talus.master.state.MetricsSnapshot}) and Talus's {@code /master/raft} ({@link
 * io.talus.master.state.RaftJson}). They are pure functions of the view: no clock, no IO.
 */
package io.talus.master.state;
