/**
 * The executor side: {@link io.talus.driver.executor.Executor} and {@link
 * io.talus.driver.executor.ExecutorDriver} as in Mesos's Java API, implemented by {@link
 * io.talus.driver.executor.V1ExecutorDriver} over the agent's {@code POST /api/v1/executor}: the
 * SUBSCRIBE stream, status updates kept until acknowledged, and resubscription to a restarted agent
 * within the recovery timeout.
 */
package io.talus.driver.executor;
