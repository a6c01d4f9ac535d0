/**
 * Mesos resources and attributes as the master's allocator and the agent both need them: parsing
 * the agent's {@code --resources} and {@code --attributes} flag syntax, arithmetic on {@code
 * Value}s with Mesos's semantics (three-decimal fixed-point scalars, coalesced ranges, sets), an
 * immutable {@link io.talus.protocol.resources.Resources} collection keyed by name, role and
 * reservation like Mesos's {@code Resources}, and the flat map form that {@code /master/state}
 * shows.
 */
package io.talus.protocol.resources;
