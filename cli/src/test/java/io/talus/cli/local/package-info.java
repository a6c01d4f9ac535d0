/**
 * Tests of {@code talus local} and {@code talus state}: the port layout and the summary format on
 * their own, and whole clusters of real processes started the way a user starts one.
 */
package io.talus.cli.local;
