/**
 * {@link io.talus.bench.agent.AgentLaunchBench}: how fast one real agent process launches command
 * tasks and what it and its task supervisors cost in memory, driven through a real in-process
 * master by a minimal v1 scheduler spoken over plain HTTP.
 */
package io.talus.bench.agent;
