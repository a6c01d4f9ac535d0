/**
 * The scheduler side: {@link io.talus.driver.scheduler.Scheduler} and {@link
 * io.talus.driver.scheduler.SchedulerDriver} as in Mesos's Java API, implemented by {@link
 * io.talus.driver.scheduler.V1SchedulerDriver} over {@code POST /api/v1/scheduler} with protobuf
 * bodies: leader discovery through any master's 307, the SUBSCRIBE event stream, heartbeat
 * monitoring and resubscription with the same framework ID.
 */
package io.talus.driver.scheduler;
