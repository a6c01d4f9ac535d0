package io.talus.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Answers {@code Expect: 100-continue}, but not for a body that declares itself over the limit:
 * inviting a body only to refuse it wastes the client's upload. Such a request goes on without its
 * {@code Expect} header, so that {@link BodyLimitAggregator} turns it into the same 413 as any
 * other oversized request, and the client, still waiting, never sends the body.
 */
final class BodyLimitExpectContinueHandler extends HttpServerExpectContinueHandler {

  private final int maxRequestBodyBytes;

  BodyLimitExpectContinueHandler(int maxRequestBodyBytes) {
    this.maxRequestBodyBytes = maxRequestBodyBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof HttpRequest) {
      HttpRequest request = (HttpRequest) msg;
      if (HttpUtil.is100ContinueExpected(request)
          && HttpUtil.getContentLength(request, -1L) > maxRequestBodyBytes) {
        request.headers().remove(HttpHeaderNames.EXPECT);
        ctx.fireChannelRead(msg);
        return;
      }
    }
    super.channelRead(ctx, msg);
  }
}
