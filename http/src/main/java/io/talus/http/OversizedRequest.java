package io.talus.http;

/**
 * Stands in, on the pipeline, for a request whose body passed the limit: the connection handler
 * answers it with {@code 413} in its turn, after the responses to the requests before it.
 */
record OversizedRequest(String method, String uri) {}
