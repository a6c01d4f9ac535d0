/**
 * The Talus agent daemon: it advertises its resources, runs executors and their tasks in sandboxes,
 * forwards their status updates to the leading master and checkpoints enough to survive its own
 * restart. Sub-packages hold the parts; this package will hold the daemon that wires them.
 */
package io.talus.agent;
