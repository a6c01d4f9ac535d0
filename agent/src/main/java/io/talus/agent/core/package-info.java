/**
 * The agent's core: one loop thread owns frameworks, executors, tasks and the status update
 * manager; it runs tasks through the built-in command and default executors or custom executor
 * processes, and recovers all of it from the checkpoint after a crash.
 */
package io.talus.agent.core;
