/**
 * Mesos's request validation for the master's scheduler API, as pure functions: a scheduler
 * {@code Call}'s structure, a {@code FrameworkInfo}, and an ACCEPT's offers, operations and tasks.
 *
 * <p>Nothing here reads a clock, does IO or holds state; the handlers pass in what the master
 * currently knows (offers, live task ids) and turn the typed results into HTTP status codes,
 * ERROR events or TaskStatus updates. Bad input is a result, never an exception, so one faulty
 * framework cannot crash the leader's event loop.
 */
package io.talus.master.validation;
