/**
 * Example frameworks on the scheduler driver, each usable as a library and runnable with its own
 * {@code main}: {@link io.talus.driver.examples.BatchFramework} runs N command tasks to completion,
 * each exactly once; {@link io.talus.driver.examples.KeepRunningFramework} keeps K instances of a
 * long-running command up; {@link io.talus.driver.examples.SingleTaskFramework} runs one command
 * task (what {@code talus execute} is built on). They show the Mesos framework idioms a real
 * framework needs: fitting tasks into offers, declining with a filter and reviving when work
 * appears, one task ID per attempt, and reconciling after every resubscription so that a leader
 * failover neither loses a task nor runs one twice.
 */
package io.talus.driver.examples;
