/**
 * Benchmarks and load generators.
 *
 * <p>JMH micro-benchmarks ({@link io.talus.bench.RegistryApplyBenchmark}, {@link
 * io.talus.bench.AllocatorBenchmark}) run from the shaded jar,
 * whose main class is JMH's {@code org.openjdk.jmh.Main} (all of its options apply):
 *
 * <pre>
 * cd /work/main &amp;&amp; mvn -B -o -q -pl bench package -DskipTests
 * java -jar bench/target/talus-bench.jar RegistryApplyBenchmark                  # full run
 * java -jar bench/target/talus-bench.jar RegistryApplyBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s
 * java -jar bench/target/talus-bench.jar RegistryApplyBenchmark.apply -p opsPerEntry=16
 * java -jar bench/target/talus-bench.jar AllocatorBenchmark -f 1 -wi 5 -i 5 -w 3s -r 5s
 * java -jar bench/target/talus-bench.jar -l                                       # list
 * </pre>
 *
 * <p>The cluster load generators are plain main classes on the same jar, run with {@code java -cp
 * bench/target/talus-bench.jar <class>}.
 */
package io.talus.bench;
