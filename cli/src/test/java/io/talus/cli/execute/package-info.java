/**
 * End-to-end tests of {@code talus execute} and of the example frameworks (batch, keep-running)
 * against three real masters and a real {@code talus agent} process, including a leader failover
 * in the middle of a batch. The world comes from {@link io.talus.cli.agent.AgentCluster}; {@link
 * io.talus.cli.execute.Sandboxes} reads what the agent left on disk and in {@code /proc}, so that
 * "ran exactly once" is checked against the agent's sandboxes, not only against what the framework
 * was told.
 */
package io.talus.cli.execute;
