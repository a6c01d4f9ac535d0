package io.talus.cli;

import io.talus.protocol.time.MesosDurations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Mesos-style duration flags: {@code 15secs}, {@code 500ms}, {@code 2mins}. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return MesosDurations.parse(value);
  }
}
