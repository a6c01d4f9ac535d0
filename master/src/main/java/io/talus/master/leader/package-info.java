/**
 * What the leading master does, on one event-loop thread: framework subscriptions and scheduler
 * calls, offers from the DRF allocator, agent sessions, status update forwarding, and recovery from
 * the registry after a failover. Every durable change is committed to the registry before anyone
 * is told of it; a new {@link io.talus.master.leader.Leader} is built for every term this master
 * leads, so nothing of an earlier term leaks into the next.
 */
package io.talus.master.leader;
