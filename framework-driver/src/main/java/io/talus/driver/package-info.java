/**
 * A pure-Java framework driver over the Mesos v1 HTTP APIs, no native libmesos and no ZooKeeper.
 * This package holds what both drivers share: the {@link io.talus.driver.Driver} lifecycle and its
 * {@link io.talus.driver.Status}, {@link io.talus.driver.V1Driver} (what the two v1 drivers do
 * alike), the single callback thread, the connection's threads with their reconnect {@link
 * io.talus.driver.Backoff}, redirect resolution and the protobuf HTTP plumbing. The drivers
 * themselves are in {@code io.talus.driver.scheduler} and {@code io.talus.driver.executor}.
 */
package io.talus.driver;
