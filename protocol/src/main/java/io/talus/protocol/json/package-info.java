/**
 * The JSON form of protobuf messages exactly as Mesos speaks it on its v1 HTTP APIs (stout's
 * protobuf/JSON code), which is not protobuf's canonical JSON mapping: proto field names, 64-bit
 * integers as numbers, optional fields with an explicit default printed even when unset. {@link
 * io.talus.protocol.json.MesosJson} is the only entry point.
 */
package io.talus.protocol.json;
