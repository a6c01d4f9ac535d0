package io.talus.cli.local;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The start of a node's command line: this JVM's {@code java}, its options (a {@code -XX:+UseZGC}
 * given to {@code talus local} reaches every node) and its class path, all absolute so the command
 * works from any directory.
 *
 * <p>When the class path is one jar (how {@code bin/talus} runs), the nodes run a copy of it in the
 * cluster's directory: a rebuild rewrites {@code talus.jar} in place, and a JVM whose jar changes
 * under it fails at its next class load. The copy also keeps a node restarted by hand on the same
 * build as the others.
 */
public final class JvmLauncher {

  private JvmLauncher() {}

  /**
   * {@code java [options] -cp <class path> mainClass}.
   *
   * @param libDir where a copy of a one-jar class path goes
   */
  public static List<String> current(String mainClass, Path libDir) throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(inheritable(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    argv.add("-cp");
    argv.add(pinned(absoluteClassPath(System.getProperty("java.class.path")), libDir));
    argv.add(mainClass);
    return argv;
  }

  /** A one-jar class path as a copy in {@code libDir}; any other as it is. */
  static String pinned(String classPath, Path libDir) throws IOException {
    Path jar = Path.of(classPath);
    if (classPath.contains(File.pathSeparator) || !classPath.endsWith(".jar") || !Files.isRegularFile(jar)) {
      return classPath;
    }
    Files.createDirectories(libDir);
    Path copy = libDir.resolve(jar.getFileName());
    Path tmp = libDir.resolve(jar.getFileName() + ".tmp");
    Files.copy(jar, tmp, StandardCopyOption.REPLACE_EXISTING);
    // A new file, not one rewritten: a node still running from an older copy keeps reading its own.
    Files.move(tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return copy.toString();
  }

  /** The options a node can share: a debugger agent listens on a port, which only one JVM can have. */
  static List<String> inheritable(List<String> options) {
    return options.stream()
        .filter(o -> !o.startsWith("-agentlib:jdwp") && !o.startsWith("-Xrunjdwp") && !o.equals("-Xdebug"))
        .toList();
  }

  static String absoluteClassPath(String classPath) {
    return Arrays.stream(classPath.split(File.pathSeparator))
        .filter(e -> !e.isEmpty())
        .map(e -> Path.of(e).toAbsolutePath().normalize().toString())
        .collect(Collectors.joining(File.pathSeparator));
  }
}
