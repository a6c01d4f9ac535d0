/**
 * The HTTP server that masters and agents share, and Mesos's rules for its endpoints.
 *
 * <p>{@link io.talus.http.HttpServer} is a small Netty HTTP/1.1 server: it hands every request,
 * whatever its method or path, to one {@link io.talus.http.HttpHandler} on an IO thread, and lets
 * the handler answer at once or later from any thread, with a whole response or with a RecordIO
 * {@link io.talus.http.EventStream} (the scheduler, executor and operator {@code SUBSCRIBE}
 * streams, one record per HTTP chunk as Mesos clients expect). Routing stays with the caller.
 * {@link io.talus.http.MesosHttp} holds the content negotiation and path rules every Mesos v1
 * endpoint shares, so that each endpoint applies them the same way.
 */
package io.talus.http;
