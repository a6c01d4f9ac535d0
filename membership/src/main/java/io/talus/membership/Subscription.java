package io.talus.membership;

/** A listener registration; closing it stops further events. Closing twice is harmless. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
