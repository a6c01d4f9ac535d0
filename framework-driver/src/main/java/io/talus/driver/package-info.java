/**
 * A pure-Java framework driver over the Mesos v1 HTTP APIs, no native libmesos and no ZooKeeper.
 * This package holds what both drivers share: the driver {@link io.talus.driver.Status} and its
 * lifecycle, the single callback thread, reconnect {@link io.talus.driver.Backoff}, redirect
 * resolution and the protobuf HTTP plumbing. The drivers themselves are in {@code
 * io.talus.driver.scheduler} and {@code io.talus.driver.executor}.
 */
package io.talus.driver;
