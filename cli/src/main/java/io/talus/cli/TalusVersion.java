package io.talus.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import io.talus.master.MasterVersion;
import picocli.CommandLine.IVersionProvider;

/**
 * The Talus version: from the jar manifest's {@code Implementation-Version} when the build puts
 * one there, else from the {@code pom.properties} that Maven writes into every jar, else {@code
 * dev} (running from a source tree, where neither exists).
 */
public final class TalusVersion implements IVersionProvider {

  static final String POM_PROPERTIES = "/META-INF/maven/io.talus/talus-cli/pom.properties";
  static final String UNKNOWN = MasterVersion.UNKNOWN;

  /** The version of the running Talus. */
  public static String current() {
    String fromManifest = TalusVersion.class.getPackage().getImplementationVersion();
    if (fromManifest != null && !fromManifest.isBlank()) {
      return fromManifest;
    }
    try (InputStream in = TalusVersion.class.getResourceAsStream(POM_PROPERTIES)) {
      return fromPomProperties(in);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + POM_PROPERTIES, e);
    }
  }

  /** The {@code version} in Maven's pom.properties, or {@code dev} if there is none. */
  static String fromPomProperties(InputStream in) throws IOException {
    return MasterVersion.fromPomProperties(in);
  }

  /** What {@code talus --version} and {@code talus version} print. */
  static List<String> lines() {
    return List.of(
        "talus " + current(),
        "java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ", "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.arch")
            + ")");
  }

  @Override
  public String[] getVersion() {
    return lines().toArray(String[]::new);
  }
}
