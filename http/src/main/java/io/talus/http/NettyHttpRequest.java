package io.talus.http;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link HttpRequest} copied out of Netty's {@link FullHttpRequest}, so that the pooled buffer
 * can be released at once and handlers may keep the request as long as they like.
 */
final class NettyHttpRequest implements HttpRequest {

  private final String method;
  private final String uri;
  private final String path;
  private final Map<String, List<String>> queryParameters;
  private final HttpHeaders headers;
  private final byte[] body;
  private final InetSocketAddress remoteAddress;

  private NettyHttpRequest(
      String method,
      String uri,
      String path,
      Map<String, List<String>> queryParameters,
      HttpHeaders headers,
      byte[] body,
      InetSocketAddress remoteAddress) {
    this.method = method;
    this.uri = uri;
    this.path = path;
    this.queryParameters = queryParameters;
    this.headers = headers;
    this.body = body;
    this.remoteAddress = remoteAddress;
  }

  /**
   * Copies {@code request}; does not release it.
   *
   * @throws IllegalArgumentException if the request target's percent-encoding is malformed
   */
  static NettyHttpRequest copyOf(FullHttpRequest request, InetSocketAddress remoteAddress) {
    String uri = request.uri();
    // ';' is an ordinary character in Mesos query values, not a second separator.
    QueryStringDecoder decoder =
        new QueryStringDecoder(originForm(uri), StandardCharsets.UTF_8, true, 1024, true);
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    decoder.parameters().forEach((name, values) -> parameters.put(name, List.copyOf(values)));
    return new NettyHttpRequest(
        request.method().name(),
        uri,
        decoder.path(),
        Collections.unmodifiableMap(parameters),
        request.headers().copy(),
        ByteBufUtil.getBytes(request.content()),
        remoteAddress);
  }

  /**
   * The path-and-query part of a request target: a server must accept the absolute form ({@code
   * http://host/path}, RFC 9112 §3.2.2) too, though only proxies are meant to send it.
   */
  private static String originForm(String uri) {
    int scheme = uri.indexOf("://");
    if (uri.startsWith("/") || scheme < 0) {
      return uri;
    }
    int pathStart = uri.indexOf('/', scheme + 3);
    int queryStart = uri.indexOf('?', scheme + 3);
    if (pathStart < 0 || (queryStart >= 0 && queryStart < pathStart)) {
      return queryStart < 0 ? "/" : "/" + uri.substring(queryStart);
    }
    return uri.substring(pathStart);
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String uri() {
    return uri;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public Map<String, List<String>> queryParameters() {
    return queryParameters;
  }

  @Override
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  @Override
  public List<String> headers(String name) {
    return List.copyOf(headers.getAll(name));
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  @Override
  public String toString() {
    return method + " " + uri;
  }
}
