/**
 * The Jepsen-style chaos harness behind {@code talus chaos}: it runs real {@code talus} processes,
 * drives workloads through the framework driver while nemeses break things, records what every
 * client saw as a history and checks that history for properties Mesos users rely on.
 */
package io.talus.chaos;
