package io.talus.http;

/**
 * Answers every request an {@link HttpServer} receives; routing by method and path is the handler's
 * business.
 *
 * <p>It runs on a Netty IO thread that serves many connections, so it must not block: work that
 * waits (a registry commit, a disk read) should answer later through the {@link HttpResponder},
 * which may be called from any thread. An exception thrown before anything was sent becomes a
 * {@code 500} with the exception's message as a {@code text/plain} body, and is logged at WARN with
 * the request's method and path.
 */
@FunctionalInterface
public interface HttpHandler {

  void handle(HttpRequest request, HttpResponder responder) throws Exception;
}
