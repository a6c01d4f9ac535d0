package io.talus.http;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One complete HTTP request: its body is already aggregated (chunked bodies included), so a handler
 * never deals with partial input. Immutable and safe to hand to another thread.
 */
public interface HttpRequest {

  /** The method as sent, upper case by convention: {@code "GET"}, {@code "POST"}, ... */
  String method();

  /** The request target exactly as received, e.g. {@code "/api/v1/scheduler?x=1"}. */
  String uri();

  /** The percent-decoded path without the query, e.g. {@code "/api/v1/scheduler"}. */
  String path();

  /** The decoded query parameters, each with its values in the order they were sent. */
  Map<String, List<String>> queryParameters();

  /** The first value of a header; names are case-insensitive. */
  Optional<String> header(String name);

  /**
   * Every value of a header, in order; names are case-insensitive. Content negotiation needs them
   * all, because a client may split {@code Accept} over several lines.
   */
  default List<String> headers(String name) {
    return header(name).map(List::of).orElse(List.of());
  }

  /** The whole body; empty when there is none. */
  byte[] body();

  /** The client's address, for logs and for telling agents apart. */
  InetSocketAddress remoteAddress();
}
