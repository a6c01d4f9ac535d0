/**
 * The allocator: which framework is offered which agent's resources, decided by Dominant Resource
 * Fairness in the shape of Mesos's {@code HierarchicalAllocator} and {@code DRFSorter} (DRF across
 * roles with weights, then DRF across the frameworks of a role), with decline filters, suppress and
 * revive.
 *
 * <p>It is pure logic: no threads, no IO, and time only from an injected {@link
 * io.talus.master.allocator.NanoClock}. The master's event-loop thread owns it and drives it with
 * explicit calls (agents and frameworks coming and going, resources recovered, {@code allocate()}
 * rounds); it is not thread-safe. Offers themselves (ids, timeouts, rescinds) belong to the master:
 * the allocator only decides what to offer and keeps the books on what is offered or used.
 */
package io.talus.master.allocator;
