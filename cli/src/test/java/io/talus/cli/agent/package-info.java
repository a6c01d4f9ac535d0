/**
 * End-to-end tests of the real {@code talus agent} process against real masters: registration by
 * gossip alone, command tasks, kills, crash recovery, unreachability, and a custom executor speaking
 * the v1 executor API over plain HTTP. {@link io.talus.cli.agent.AgentCluster} starts and closes
 * what every test needs (masters, a registered agent, its frameworks);

 * {@link io.talus.cli.agent.AgentProcess} runs and cleans up the agent;
 * {@link io.talus.cli.local.ProcTable} (shared with {@code talus local}) reads {@code /proc} so the tests see the task processes
 * themselves.
 */
package io.talus.cli.agent;
