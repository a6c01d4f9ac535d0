/**
 * The master against the Mesos v1 wire facts of MESOS-V1.md: status codes, headers and event
 * sequences seen by plain HTTP clients of real masters.
 */
package io.talus.master.conformance;
