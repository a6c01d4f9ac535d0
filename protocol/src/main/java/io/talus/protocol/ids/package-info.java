/**
 * Rules for Mesos ids that both the master (validating calls) and the agent (naming sandbox
 * directories) apply, so that an id one accepts the other accepts too.
 */
package io.talus.protocol.ids;
