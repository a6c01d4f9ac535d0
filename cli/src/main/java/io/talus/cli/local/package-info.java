/**
 * {@code talus local} and {@code talus state}: a whole cluster as processes on one machine, and a
 * readable summary of any cluster. The local cluster starts real {@code talus master} and {@code
 * talus agent} JVMs, records how to restart each one in {@code cluster.json}, and on stop leaves no
 * process behind, tasks included (which outlive their agent by design).
 */
package io.talus.cli.local;
