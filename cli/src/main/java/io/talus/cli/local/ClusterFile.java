package io.talus.cli.local;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code DIR/cluster.json}, which tools and tests rely on (DESIGN.md):
 * {@code {"masters":[{"id","pid","http","cmd":[...]}], "agents":[{"id","pid","http","cmd":[...]}]}}.
 * {@code cmd} is the exact argv that starts the node again on the same work dir. Talus adds
 * {@code name} (the node's directory), {@code work_dir} and {@code log}. Written to a temporary
 * name and renamed, so a reader never sees half a file.
 */
final class ClusterFile {

  static final String NAME = "cluster.json";

  private ClusterFile() {}

  static Path write(Path dir, List<LocalNode> nodes) {
    ObjectNode root = NodeHttp.MAPPER.createObjectNode();
    ArrayNode masters = root.putArray("masters");
    ArrayNode agents = root.putArray("agents");
    for (LocalNode node : nodes) {
      ObjectNode entry = (node.spec().master() ? masters : agents).addObject();
      entry.put("id", node.id());
      entry.put("pid", node.pid());
      entry.put("http", node.spec().http());
      ArrayNode cmd = entry.putArray("cmd");
      node.spec().argv().forEach(cmd::add);
      entry.put("name", node.spec().name());
      entry.put("work_dir", node.spec().workDir().toString());
      entry.put("log", node.spec().log().toString());
    }
    Path file = dir.resolve(NAME);
    Path tmp = dir.resolve(NAME + ".tmp");
    try {
      Files.writeString(tmp, NodeHttp.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
          StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }
}
