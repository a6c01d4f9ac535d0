/**
 * The master's HTTP edge: Mesos-compatible request handling that does not need the registry, such
 * as where a follower redirects a client so that it reaches the leader.
 */
package io.talus.master.http;
