/**
 * Reliable delivery of task status updates from the agent to frameworks, as Mesos's status update
 * manager does it: each update is checkpointed before it is sent, a task's updates go out one at a
 * time in order, and the one in flight is re-sent with backoff until the framework acknowledges it,
 * across restarts of the agent.
 */
package io.talus.agent.status;
