/**
 * Checkers: pure functions from a recorded history to a verdict with counts and the offending
 * operations. Each checks one property a Mesos user relies on across failures (a framework keeps
 * its ID, task states only move forward); {@code talus chaos} reports one entry per checker.
 */
package io.talus.chaos.checker;
