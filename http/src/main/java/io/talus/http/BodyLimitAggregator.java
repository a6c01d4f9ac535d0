package io.talus.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Netty's aggregator, except that an oversized request becomes an {@link OversizedRequest} for the
 * connection handler instead of a reply written on the spot. Netty's own reply would jump ahead of
 * a response still pending for an earlier request, has no body, and, for a chunked body, closes at
 * once, which can reset the connection before the client reads the 413.
 */
final class BodyLimitAggregator extends HttpObjectAggregator {

  BodyLimitAggregator(int maxRequestBodyBytes) {
    super(maxRequestBodyBytes);
  }

  @Override
  protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
    // The aggregator goes on discarding the rest of this body by itself.
    if (oversized instanceof HttpRequest) {
      HttpRequest request = (HttpRequest) oversized;
      ctx.fireChannelRead(new OversizedRequest(request.method().name(), request.uri()));
    } else {
      ctx.close();
    }
  }
}
