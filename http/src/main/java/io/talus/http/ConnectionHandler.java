package io.talus.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the requests of one connection strictly one at a time, so that responses leave in the
 * order the requests came even when a handler answers later from another thread.
 *
 * <p>While an exchange is in progress the channel stops reading; requests the decoder had already
 * taken from the same packet (a pipelining client) wait in {@link #waiting}. A stream occupies the
 * connection until it ends, and the connection closes with it; meanwhile the channel reads again,
 * only so that a client going away is noticed at once, and whatever it sends is dropped. All fields
 * are confined to the channel's event loop.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

  /** How long a refused connection goes on draining what the client still sends. */
  private static final long LINGER_MILLIS = 2_000;

  private final HttpServerConfig config;
  private final HttpHandler handler;

  /** Requests (or {@link OversizedRequest}s) received while another was being served. */
  private final ArrayDeque<Object> waiting = new ArrayDeque<>();

  private ChannelHandlerContext ctx;
  private boolean busy;
  private ChunkedEventStream stream;

  /** No further request will be served on this connection. */
  private boolean closing;

  ConnectionHandler(HttpServerConfig config, HttpHandler handler) {
    this.config = config;
    this.handler = handler;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    boolean request = msg instanceof FullHttpRequest || msg instanceof OversizedRequest;
    if (!request || closing || stream != null) {
      ReferenceCountUtil.release(msg);
    } else if (busy) {
      waiting.add(msg);
    } else {
      serve(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    releaseWaiting();
    if (stream != null) {
      stream.connectionClosed();
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      LOG.debug("Connection from {} to HTTP server '{}' failed", remote(), config.name(), cause);
    } else {
      LOG.warn("Closing connection from {} to HTTP server '{}'", remote(), config.name(), cause);
    }
    closeNow();
  }

  /** Writes a whole response for the current exchange; called from any thread. */
  void send(FullHttpResponse response, boolean keepAlive) {
    if (!onEventLoop(
        () ->
            ctx.writeAndFlush(response)
                .addListener((ChannelFutureListener) f -> exchangeDone(f, keepAlive)))) {
      response.release();
    }
  }

  /** Turns the current exchange into a stream; called from any thread. */
  EventStream startStream(HttpResponse head) {
    Channel channel = ctx.channel();
    ChunkedEventStream started =
        new ChunkedEventStream(channel, config.maxPendingStreamBytes(), config.name());
    boolean queued =
        onEventLoop(
            () -> {
              if (!channel.isActive()) {
                // The client left before the stream began.
                started.connectionClosed();
                return;
              }
              stream = started;
              releaseWaiting();
              channel.config().setAutoRead(true);
              ctx.writeAndFlush(head).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            });
    if (!queued) {
      started.connectionClosed();
    }
    return started;
  }

  private void serve(Object msg) {
    busy = true;
    ctx.channel().config().setAutoRead(false);
    if (msg instanceof OversizedRequest) {
      OversizedRequest oversized = (OversizedRequest) msg;
      LOG.debug(
          "Refusing {} {} from {}: body over {} bytes",
          oversized.method(),
          oversized.uri(),
          remote(),
          config.maxRequestBodyBytes());
      refuseAndClose(413, "Request body is larger than " + config.maxRequestBodyBytes() + " bytes");
      return;
    }
    FullHttpRequest request = (FullHttpRequest) msg;
    try {
      dispatch(request);
    } finally {
      request.release();
    }
  }

  private void dispatch(FullHttpRequest full) {
    if (full.decoderResult().isFailure()) {
      Throwable cause = full.decoderResult().cause();
      LOG.debug("Malformed HTTP request from {}", remote(), cause);
      refuseAndClose(400, "Malformed HTTP request: " + Responses.messageOf(cause));
      return;
    }
    ExchangeResponder responder =
        new ExchangeResponder(
            this,
            full.method().name() + " " + full.uri(),
            HttpUtil.isKeepAlive(full),
            full.protocolVersion().equals(HttpVersion.HTTP_1_0));
    HttpRequest request;
    try {
      request = NettyHttpRequest.copyOf(full, remote());
    } catch (IllegalArgumentException e) {
      responder.respondText(400, "Malformed request URI: " + Responses.messageOf(e));
      return;
    }
    try {
      handler.handle(request, responder);
    } catch (Exception e) {
      LOG.warn(
          "Handler of HTTP server '{}' failed on {} {}",
          config.name(),
          request.method(),
          request.path(),
          e);
      responder.respondToFailure(e);
    }
  }

  private void exchangeDone(ChannelFuture written, boolean keepAlive) {
    if (!written.isSuccess() || !keepAlive) {
      closeNow();
      return;
    }
    busy = false;
    Object next = waiting.poll();
    if (next != null) {
      serve(next);
    } else {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /**
   * Answers with an error and closes, without resetting the connection under the response: closing
   * a socket with unread input makes the kernel send RST, which can destroy the response before the
   * client reads it (a client still uploading an oversized body is exactly that case). So the
   * server half-closes and drains the input until the client closes, or for {@link #LINGER_MILLIS},
   * as Apache's lingering close does.
   */
  private void refuseAndClose(int status, String message) {
    closing = true;
    releaseWaiting();
    FullHttpResponse response = Responses.text(status, message);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response).addListener(f -> lingerThenClose());
  }

  private void lingerThenClose() {
    Channel channel = ctx.channel();
    if (!channel.isActive()) {
      return;
    }
    if (channel instanceof SocketChannel) {
      ((SocketChannel) channel).shutdownOutput();
    }
    channel.config().setAutoRead(true);
    ctx.executor().schedule(this::closeNow, LINGER_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void closeNow() {
    closing = true;
    releaseWaiting();
    ctx.close();
  }

  private void releaseWaiting() {
    Object msg;
    while ((msg = waiting.poll()) != null) {
      ReferenceCountUtil.release(msg);
    }
  }

  private boolean onEventLoop(Runnable task) {
    try {
      ctx.channel().eventLoop().execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  private InetSocketAddress remote() {
    return (InetSocketAddress) ctx.channel().remoteAddress();
  }
}
