/** The v1 executor API ({@code POST /api/v1/executor}) that custom executors speak to the agent. */
package io.talus.agent.executor;
