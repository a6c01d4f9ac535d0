package io.talus.driver;

/**
 * A driver's link to the master or agent it subscribes to, as {@link V1Driver} drives it: opened
 * when the driver starts, kept subscribed while it runs, closed for good when it stops or aborts.
 */
public interface Connection {

  /** Starts connecting and subscribing, in the background; called once. */
  void start();

  /** Closes the stream and stops for good, without telling the driver. Idempotent. */
  void close();
}
