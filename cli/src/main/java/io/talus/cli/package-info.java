/**
 * The {@code talus} command line (picocli): one entry point for the master and agent daemons, the
 * local cluster, task execution and chaos runs. The only module that may depend on all the
 * others, and the one nothing depends on.
 */
package io.talus.cli;
