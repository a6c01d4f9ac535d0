package io.talus.master.http;

import io.talus.http.HttpRequest;
import io.talus.http.HttpResponder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Mesos's answer to a method other than POST on a POST-only endpoint: 405 with {@code Allow}. */
final class Post {

  private Post() {}

  /** True when the request is a POST; else answers 405 and returns false. */
  static boolean require(HttpRequest request, HttpResponder responder) {
    if (request.method().equals("POST")) {
      return true;
    }
    responder.respond(405, "text/plain; charset=utf-8",
        ("Expecting one of { 'POST' }, but received '" + request.method() + "'").getBytes(StandardCharsets.UTF_8),
        Map.of("Allow", "POST"));
    return false;
  }
}
