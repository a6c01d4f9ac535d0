package io.talus.driver;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Jittered exponential backoff for reconnecting to the master.
 *
 * <p>After a master failover every framework reconnects at once; without jitter they would retry
 * in lockstep and hit the new leader in waves. Each delay is drawn below an exponentially growing
 * ceiling, {@code min(max, initial * multiplier^attempt)}:
 *
 * <ul>
 *   <li>{@link Jitter#FULL}: uniform in {@code [0, ceiling]}, the least contention;
 *   <li>{@link Jitter#EQUAL}: uniform in {@code [ceiling/2, ceiling]}, never retries at once;
 *   <li>{@link Jitter#NONE}: the ceiling itself.
 * </ul>
 *
 * <p>Not thread-safe: one instance belongs to one reconnect loop. The random source is injected
 * so that tests (and seeded chaos runs) get the same delays every time.
 */
public final class Backoff {

  /** How a delay is drawn below the current ceiling. */
  public enum Jitter {
    NONE,
    FULL,
    EQUAL
  }

  private final long initialNanos;
  private final long maxNanos;
  private final double multiplier;
  private final Jitter jitter;
  private final Random random;
  private int attempts;

  private Backoff(Builder builder) {
    Objects.requireNonNull(builder.initial, "initial");
    Objects.requireNonNull(builder.max, "max");
    Objects.requireNonNull(builder.jitter, "jitter");
    Objects.requireNonNull(builder.random, "random");
    if (builder.initial.isNegative() || builder.initial.isZero()) {
      throw new IllegalArgumentException("initial delay must be positive, got " + builder.initial);
    }
    if (builder.max.compareTo(builder.initial) < 0) {
      throw new IllegalArgumentException(
          "max delay " + builder.max + " is below the initial delay " + builder.initial);
    }
    if (!(builder.multiplier >= 1.0) || Double.isInfinite(builder.multiplier)) {
      throw new IllegalArgumentException(
          "multiplier must be a finite number >= 1, got " + builder.multiplier);
    }
    this.initialNanos = builder.initial.toNanos();
    this.maxNanos = builder.max.toNanos();
    this.multiplier = builder.multiplier;
    this.jitter = builder.jitter;
    this.random = builder.random;
  }

  /** Defaults: 100 ms doubling up to 5 s, full jitter, an unseeded random source. */
  public static Builder builder() {
    return new Builder();
  }

  /** The delay before the next attempt; each call counts as one more failed attempt. */
  public Duration nextDelay() {
    long ceiling = ceilingNanos(attempts);
    if (attempts < Integer.MAX_VALUE) {
      attempts++;
    }
    long delay =
        switch (jitter) {
          case NONE -> ceiling;
          case FULL -> random.nextLong(ceiling + 1);
          case EQUAL -> ceiling / 2 + random.nextLong(ceiling - ceiling / 2 + 1);
        };
    return Duration.ofNanos(delay);
  }

  /** Starts over from the initial delay; call it once a connection has succeeded. */
  public void reset() {
    attempts = 0;
  }

  /** Delays handed out since the last reset. */
  public int attempts() {
    return attempts;
  }

  private long ceilingNanos(int attempt) {
    double ceiling = initialNanos * Math.pow(multiplier, attempt);
    // Also true for +Infinity once the power overflows a double.
    return ceiling >= maxNanos ? maxNanos : (long) ceiling;
  }

  /** Builder; {@link #build()} validates. */
  public static final class Builder {
    private Duration initial = Duration.ofMillis(100);
    private Duration max = Duration.ofSeconds(5);
    private double multiplier = 2.0;
    private Jitter jitter = Jitter.FULL;
    private Random random = new Random();

    private Builder() {}

    public Builder initial(Duration initial) {
      this.initial = initial;
      return this;
    }

    public Builder max(Duration max) {
      this.max = max;
      return this;
    }

    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    public Builder jitter(Jitter jitter) {
      this.jitter = jitter;
      return this;
    }

    public Builder random(Random random) {
      this.random = random;
      return this;
    }

    /** A random source seeded with {@code seed}, for reproducible delays. */
    public Builder seed(long seed) {
      return random(new Random(seed));
    }

    public Backoff build() {
      return new Backoff(this);
    }
  }
}
