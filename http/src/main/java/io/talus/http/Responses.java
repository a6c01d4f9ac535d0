package io.talus.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds the Netty response objects, so that every response is framed the same way. */
final class Responses {

  static final String TEXT_PLAIN = "text/plain; charset=utf-8";

  private Responses() {}

  /** A whole response; headers from the caller first, then the framing headers over them. */
  static FullHttpResponse full(
      int status, String contentType, byte[] body, Map<String, String> headers) {
    // HTTP/1.1 even to an HTTP/1.0 client: a server answers with the highest version it speaks.
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(body));
    HttpHeaders out = response.headers();
    headers.forEach(out::set);
    if (contentType != null) {
      out.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    out.remove(HttpHeaderNames.TRANSFER_ENCODING);
    out.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return response;
  }

  static FullHttpResponse text(int status, String message) {
    return full(status, TEXT_PLAIN, message.getBytes(StandardCharsets.UTF_8), Map.of());
  }

  /** The head of an event stream; its chunks follow. */
  static HttpResponse streamHead(String contentType, Map<String, String> headers) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
    HttpHeaders out = head.headers();
    headers.forEach(out::set);
    out.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    out.remove(HttpHeaderNames.CONTENT_LENGTH);
    out.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    // The connection closes when the stream ends; saying so keeps clients from reusing it.
    out.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return head;
  }

  /**
   * Says whether the connection stays open: {@code close} when it will not, and {@code keep-alive}
   * to an HTTP/1.0 client that asked to keep it, which would otherwise assume close.
   */
  static void setConnection(HttpResponse response, boolean keepAlive, boolean http10) {
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (http10) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    } else {
      response.headers().remove(HttpHeaderNames.CONNECTION);
    }
  }

  /** For error bodies: an exception's message, or its class when it has none. */
  static String messageOf(Throwable t) {
    return t.getMessage() != null ? t.getMessage() : t.getClass().getName();
  }
}
