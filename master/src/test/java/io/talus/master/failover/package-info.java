/**
 * Leader failover end to end (DESIGN.md, "Failover, as a user sees it"): three real masters, a
 * real-protocol agent and a plain HTTP framework.
 */
package io.talus.master.failover;
