/**
 * The Talus master daemon: on the Raft leader, the allocator, offers, the scheduler and operator
 * APIs, agent sessions and status forwarding; on followers, redirects to the leader. Sub-packages
 * hold the parts; this package will hold the daemon that wires them.
 */
package io.talus.master;
