package io.talus.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 server masters and agents serve their Mesos APIs with.
 *
 * <p>Every request goes to one {@link HttpHandler}, complete with its body, on a Netty IO thread.
 * Connections are kept alive (HTTP/1.0 ones close unless they ask otherwise) and serve one request
 * at a time, so responses to pipelined requests stay in order. Bodies over {@link
 * HttpServerConfig#maxRequestBodyBytes()} get {@code 413}, malformed requests {@code 400}, and both
 * close the connection.
 */
public final class HttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
  private static final long SHUTDOWN_TIMEOUT_SECONDS = 5;

  private final HttpServerConfig config;
  private final EventLoopGroup acceptGroup;
  private final EventLoopGroup ioGroup;
  private final ChannelGroup connections;
  private final Channel serverChannel;
  private final InetSocketAddress address;
  private final AtomicBoolean closed = new AtomicBoolean();

  private HttpServer(
      HttpServerConfig config,
      EventLoopGroup acceptGroup,
      EventLoopGroup ioGroup,
      ChannelGroup connections,
      Channel serverChannel) {
    this.config = config;
    this.acceptGroup = acceptGroup;
    this.ioGroup = ioGroup;
    this.connections = connections;
    this.serverChannel = serverChannel;
    this.address = (InetSocketAddress) serverChannel.localAddress();
  }

  /**
   * Binds and starts serving; returns once the port is bound, so that callers can advertise {@link
   * #address()} at once.
   *
   * @throws IOException naming {@code host:port} if the address cannot be bound (in use,
   *     unresolvable host, no permission)
   */
  public static HttpServer start(HttpServerConfig config, HttpHandler handler) throws IOException {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(handler, "handler");
    EventLoopGroup acceptGroup =
        new NioEventLoopGroup(1, new DefaultThreadFactory(config.name() + "-http-accept"));
    EventLoopGroup ioGroup =
        new NioEventLoopGroup(
            config.ioThreads(), new DefaultThreadFactory(config.name() + "-http-io"));
    ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(acceptGroup, ioGroup)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            // Event records are small and latency matters more than packet count.
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    connections.add(channel);
                    int maxBody = config.maxRequestBodyBytes();
                    channel
                        .pipeline()
                        .addLast("codec", new HttpServerCodec())
                        .addLast("expect-continue", new BodyLimitExpectContinueHandler(maxBody))
                        .addLast("aggregator", new BodyLimitAggregator(maxBody))
                        .addLast("connection", new ConnectionHandler(config, handler));
                  }
                });
    String hostPort = config.bindHost() + ":" + config.port();
    ChannelFuture bound;
    try {
      bound = bootstrap.bind(config.bindHost(), config.port()).awaitUninterruptibly();
    } catch (RuntimeException e) {
      shutDown(acceptGroup, ioGroup);
      throw new IOException("HTTP server '" + config.name() + "' cannot bind " + hostPort, e);
    }
    if (!bound.isSuccess()) {
      shutDown(acceptGroup, ioGroup);
      Throwable cause = bound.cause();
      throw new IOException(
          "HTTP server '" + config.name() + "' cannot bind " + hostPort + ": " + cause, cause);
    }
    HttpServer server = new HttpServer(config, acceptGroup, ioGroup, connections, bound.channel());
    LOG.info("HTTP server '{}' listening on {}", config.name(), server.address);
    return server;
  }

  /** The address actually bound: with port 0 in the config, this tells which port was chosen. */
  public InetSocketAddress address() {
    return address;
  }

  /**
   * Stops accepting, closes every connection (open streams see their {@code onClose} callbacks
   * before this returns) and stops the IO threads, waiting at most a few seconds. Idempotent. Must
   * not be called from a handler or an {@code onClose} callback: it waits for the very threads
   * those run on.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    serverChannel.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    connections.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    shutDown(acceptGroup, ioGroup);
    LOG.info("HTTP server '{}' on {} stopped", config.name(), address);
  }

  private static void shutDown(EventLoopGroup acceptGroup, EventLoopGroup ioGroup) {
    // No quiet period: nothing should still be arriving, and tests start and stop many servers.
    acceptGroup.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    ioGroup.shutdownGracefully(0, SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    acceptGroup
        .terminationFuture()
        .awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    ioGroup.terminationFuture().awaitUninterruptibly(SHUTDOWN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public String toString() {
    return "HttpServer[" + config.name() + " " + address + "]";
  }
}
