/**
 * The agent's HTTP surface, on the paths a Mesos agent serves so that Mesos tooling (the web UI's
 * sandbox browser, log tailers, monitoring that scrapes {@code /metrics/snapshot}) works against a
 * Talus agent unchanged: {@link io.talus.agent.http.AgentHttp} routes, {@code /state} and {@code
 * /metrics/snapshot} are pure renderings of the published {@link io.talus.agent.state.AgentView},
 * and {@link io.talus.agent.http.FilesEndpoints} serves the Mesos files API, confined to executor
 * sandboxes because every file there is written by a task and every file elsewhere is the host's.
 */
package io.talus.agent.http;
