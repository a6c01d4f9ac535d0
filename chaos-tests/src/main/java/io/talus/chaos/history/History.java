package io.talus.chaos.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An immutable, ordered list of operations, the input of every checker. An op's index is its
 * position here. Stored as JSON lines: one op per line, so a run that dies mid-way still leaves a
 * readable prefix, and tools like {@code jq} work on it directly.
 */
public final class History {

  // Unknown fields are skipped so that histories written by newer harnesses stay readable.
  static final ObjectMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final List<Op> ops;

  private History(List<Op> ops) {
    this.ops = ops;
  }

  public static History of(List<Op> ops) {
    return new History(List.copyOf(Objects.requireNonNull(ops, "ops")));
  }

  public List<Op> ops() {
    return ops;
  }

  public int size() {
    return ops.size();
  }

  public Op get(int index) {
    return ops.get(index);
  }

  /** Reads a JSON-lines history; blank lines are skipped. */
  public static History read(Path path) throws IOException {
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      return read(reader);
    }
  }

  public static History read(Reader reader) throws IOException {
    List<Op> ops = new ArrayList<>();
    BufferedReader lines = new BufferedReader(reader);
    String line;
    int lineNumber = 0;
    while ((line = lines.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      try {
        ops.add(JSON.readValue(line, Op.class));
      } catch (JsonProcessingException e) {
        throw new IOException(
            "history line " + lineNumber + " is not an op: " + e.getOriginalMessage(), e);
      }
    }
    return new History(List.copyOf(ops));
  }

  public void write(Path path) throws IOException {
    try (Writer writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
      write(writer);
    }
  }

  public void write(Writer writer) throws IOException {
    BufferedWriter out = new BufferedWriter(writer);
    for (Op op : ops) {
      out.write(toJsonLine(op));
    }
    out.flush();
  }

  /** One op as a JSON line, newline included. */
  static String toJsonLine(Op op) {
    try {
      return JSON.writeValueAsString(op) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("op value is not JSON-shaped: " + op, e);
    }
  }
}
