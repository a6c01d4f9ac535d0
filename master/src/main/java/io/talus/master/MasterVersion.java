package io.talus.master;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The running Talus version: the jar manifest's {@code Implementation-Version}, else the {@code
 * pom.properties} Maven writes into every jar, else {@code dev} (a source tree, where neither
 * exists). The CLI reports the same.
 */
public final class MasterVersion {

  static final String POM_PROPERTIES = "/META-INF/maven/io.talus/talus-master/pom.properties";
  public static final String UNKNOWN = "dev";

  private MasterVersion() {}

  public static String current() {
    String fromManifest = MasterVersion.class.getPackage().getImplementationVersion();
    if (fromManifest != null && !fromManifest.isBlank()) {
      return fromManifest;
    }
    try (InputStream in = MasterVersion.class.getResourceAsStream(POM_PROPERTIES)) {
      return fromPomProperties(in);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + POM_PROPERTIES, e);
    }
  }

  /** The {@code version} in Maven's pom.properties, or {@code dev} if there is none. */
  public static String fromPomProperties(InputStream in) throws IOException {
    if (in == null) {
      return UNKNOWN;
    }
    Properties properties = new Properties();
    properties.load(in);
    String version = properties.getProperty("version");
    return version == null || version.isBlank() ? UNKNOWN : version.trim();
  }
}
