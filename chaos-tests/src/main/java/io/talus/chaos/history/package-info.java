/**
 * Histories in the Jepsen model: every client operation is recorded when it is invoked and again
 * when it completes (ok, fail, or info when the outcome is unknown), with wall-clock and monotonic
 * times, and stored as JSON lines so a run can be re-checked later or by other tools.
 */
package io.talus.chaos.history;
