/** Facts about Mesos tasks that the registry, the master, the agent, drivers and checkers share. */
package io.talus.protocol.tasks;
