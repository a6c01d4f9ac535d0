/**
 * The pieces of Mesos's state JSON that the master's {@code /master/state} and the agent's {@code
 * /state} (and their {@code /metrics/snapshot}) share, written once so that both speak the same
 * vocabulary byte for byte: the flat resource maps, attributes, labels and embedded protobufs
 * ({@link io.talus.protocol.json.state.StateJsonFields}), the task object and its statuses ({@link
 * io.talus.protocol.json.state.TaskStateJson}) and the resource gauges ({@link
 * io.talus.protocol.json.state.ResourceGauges}). What only one daemon writes stays with it.
 */
package io.talus.protocol.json.state;
