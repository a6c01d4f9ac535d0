/**
 * A pure-Java framework driver over the Mesos v1 HTTP APIs: what a scheduler (and later an
 * executor) needs to find the leading master, follow its redirects, subscribe and reconnect with
 * backoff after a failover. No native libmesos, no ZooKeeper.
 */
package io.talus.driver;
