package io.talus.http;

import java.util.Objects;

/**
 * How an {@link HttpServer} binds and what it tolerates from clients.
 *
 * @param bindHost the interface to listen on, e.g. {@code "0.0.0.0"} or {@code "127.0.0.1"}
 * @param port the port, or 0 for any free one ({@link HttpServer#address()} tells which)
 * @param maxRequestBodyBytes larger request bodies get {@code 413} and the connection closes, so a
 *     client cannot make the server buffer without bound
 * @param name names the server in logs and prefixes its thread names (e.g. {@code "master"})
 * @param ioThreads Netty IO threads; 0 for Netty's default (twice the cores)
 * @param maxPendingStreamBytes an event stream whose connection is not writable while more than
 *     this many bytes wait to be sent is closed as a slow consumer
 */
public record HttpServerConfig(
    String bindHost,
    int port,
    int maxRequestBodyBytes,
    String name,
    int ioThreads,
    long maxPendingStreamBytes) {

  public static final int DEFAULT_MAX_REQUEST_BODY_BYTES = 16 * 1024 * 1024;
  public static final int DEFAULT_IO_THREADS = 2;
  public static final long DEFAULT_MAX_PENDING_STREAM_BYTES = 64L * 1024 * 1024;

  public HttpServerConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (maxRequestBodyBytes <= 0) {
      throw new IllegalArgumentException(
          "maxRequestBodyBytes must be positive, got " + maxRequestBodyBytes);
    }
    if (ioThreads < 0) {
      throw new IllegalArgumentException("ioThreads must be >= 0, got " + ioThreads);
    }
    if (maxPendingStreamBytes <= 0) {
      throw new IllegalArgumentException(
          "maxPendingStreamBytes must be positive, got " + maxPendingStreamBytes);
    }
  }

  /** 16 MiB request bodies, 2 IO threads, 64 MiB pending per stream. */
  public static HttpServerConfig of(String bindHost, int port, String name) {
    return new HttpServerConfig(
        bindHost,
        port,
        DEFAULT_MAX_REQUEST_BODY_BYTES,
        name,
        DEFAULT_IO_THREADS,
        DEFAULT_MAX_PENDING_STREAM_BYTES);
  }

  public HttpServerConfig withBindHost(String bindHost) {
    return new HttpServerConfig(
        bindHost, port, maxRequestBodyBytes, name, ioThreads, maxPendingStreamBytes);
  }

  public HttpServerConfig withPort(int port) {
    return new HttpServerConfig(
        bindHost, port, maxRequestBodyBytes, name, ioThreads, maxPendingStreamBytes);
  }

  public HttpServerConfig withMaxRequestBodyBytes(int maxRequestBodyBytes) {
    return new HttpServerConfig(
        bindHost, port, maxRequestBodyBytes, name, ioThreads, maxPendingStreamBytes);
  }

  public HttpServerConfig withName(String name) {
    return new HttpServerConfig(
        bindHost, port, maxRequestBodyBytes, name, ioThreads, maxPendingStreamBytes);
  }

  public HttpServerConfig withIoThreads(int ioThreads) {
    return new HttpServerConfig(
        bindHost, port, maxRequestBodyBytes, name, ioThreads, maxPendingStreamBytes);
  }

  public HttpServerConfig withMaxPendingStreamBytes(long maxPendingStreamBytes) {
    return new HttpServerConfig(
        bindHost, port, maxRequestBodyBytes, name, ioThreads, maxPendingStreamBytes);
  }
}
