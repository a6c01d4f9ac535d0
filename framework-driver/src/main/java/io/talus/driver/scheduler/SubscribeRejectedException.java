package io.talus.driver.scheduler;

/**
 * A master refused SUBSCRIBE for a reason that retrying cannot fix (a 4xx: invalid FrameworkInfo,
 * not authenticated, unsupported media type), so the driver reports it and aborts.
 */
final class SubscribeRejectedException extends Exception {

  private static final long serialVersionUID = 1L;

  SubscribeRejectedException(String message) {
    super(message);
  }
}
