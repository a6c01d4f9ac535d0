/**
 * Cluster membership by SWIM gossip (ScaleCube Cluster): a node joins through any seed, publishes
 * its {@link io.talus.protocol.membership.MemberMetadata} (role, node id, HTTP endpoint and, on
 * masters, the Raft leader hint) as protobuf bytes, and learns of other nodes joining, changing
 * metadata, leaving and failing as typed {@link io.talus.membership.MembershipEvent}s. This is how
 * agents and drivers find the masters' leader without ZooKeeper; the failure-detector settings in
 * {@link io.talus.membership.MembershipConfig} decide how fast a crashed node is noticed.
 */
package io.talus.membership;
