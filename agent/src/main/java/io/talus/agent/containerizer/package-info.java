/**
 * Runs tasks and executors as plain processes, each under a tiny shell supervisor in its own
 * session, so that hundreds fit on a small agent (no JVM per task), none of them dies with the
 * agent, and a restarted agent learns how each one ended from files the supervisor left behind.
 * Where the machine allows it the processes are held to their cpu and memory with cgroups (v1 or
 * v2); where it does not, {@link io.talus.agent.containerizer.ProcessLauncher#isolation()} says
 * why. {@link io.talus.agent.containerizer.FakeProcessLauncher} is the in-memory twin for tests of
 * the agent's logic.
 */
package io.talus.agent.containerizer;
