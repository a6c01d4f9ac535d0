/** Mesos's duration format ({@code 15secs}, {@code 500ms}), for flags and executor environments. */
package io.talus.protocol.time;
