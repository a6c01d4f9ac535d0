package io.talus.protocol.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a request body with a strict JSON parser into a plain tree with Mesos's reading of it, and
 * writes that tree back out for protobuf's {@code JsonFormat}.
 *
 * <p>This closes gaps between {@code JsonFormat} and Mesos: {@code JsonFormat} reads leniently
 * (single quotes, unquoted names, trailing garbage all pass) while Mesos rejects malformed JSON;
 * {@code JsonFormat} rejects a {@code null} array element, which Mesos skips like any other null;
 * and for a repeated key Mesos keeps the last value.
 *
 * <p>The tree: {@code Map<String, Object>} (insertion-ordered, no null values), {@code
 * List<Object>} (no nulls), {@code String}, {@link Number} (the literal text) and {@code Boolean}.
 */
final class StrictJsonReader {

  /**
   * A JSON number kept as its literal text, so a uint64 or a long decimal survives digit for digit.
   */
  static final class Number {
    final String text;

    Number(String text) {
      this.text = text;
    }
  }

  // Request size is the HTTP layer's limit to enforce, not the parser's.
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
          .build();

  private StrictJsonReader() {}

  static Map<String, Object> readObject(String json) throws MesosJsonException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      return readObject(parser);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  static Map<String, Object> readObject(byte[] json) throws MesosJsonException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      return readObject(parser);
    } catch (IOException e) {
      throw malformed(e);
    }
  }

  static String write(Object tree) {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = FACTORY.createGenerator(text)) {
      write(tree, out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return text.toString();
  }

  private static Map<String, Object> readObject(JsonParser parser)
      throws IOException, MesosJsonException {
    JsonToken first = parser.nextToken();
    if (first != JsonToken.START_OBJECT) {
      throw new MesosJsonException(
          first == null
              ? "Malformed JSON: empty body"
              : "Malformed JSON: expected a JSON object, found " + describe(first));
    }
    @SuppressWarnings("unchecked") // START_OBJECT always reads as a map
    Map<String, Object> object = (Map<String, Object>) read(parser, first);
    JsonToken trailing = parser.nextToken();
    if (trailing != null) {
      JsonLocation at = parser.currentTokenLocation();
      throw new MesosJsonException(
          "Malformed JSON: unexpected "
              + describe(trailing)
              + " after the object at line "
              + at.getLineNr()
              + ", column "
              + at.getColumnNr());
    }
    return object;
  }

  /** The value starting at {@code token}, or null for a JSON null. */
  private static Object read(JsonParser in, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT:
        Map<String, Object> object = new LinkedHashMap<>();
        while (in.nextToken() == JsonToken.FIELD_NAME) {
          String name = in.currentName();
          Object value = read(in, in.nextToken());
          if (value == null) {
            object.remove(name);
          } else {
            object.put(name, value);
          }
        }
        return object;
      case START_ARRAY:
        List<Object> array = new ArrayList<>();
        for (JsonToken t = in.nextToken(); t != JsonToken.END_ARRAY; t = in.nextToken()) {
          Object value = read(in, t);
          if (value != null) {
            array.add(value);
          }
        }
        return array;
      case VALUE_STRING:
        return in.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new Number(in.getText());
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IllegalStateException("a strict JSON parser produced " + token);
    }
  }

  private static void write(Object value, JsonGenerator out) throws IOException {
    if (value instanceof Map) {
      out.writeStartObject();
      for (Map.Entry<?, ?> member : ((Map<?, ?>) value).entrySet()) {
        out.writeFieldName((String) member.getKey());
        write(member.getValue(), out);
      }
      out.writeEndObject();
    } else if (value instanceof List) {
      out.writeStartArray();
      for (Object element : (List<?>) value) {
        write(element, out);
      }
      out.writeEndArray();
    } else if (value instanceof String) {
      out.writeString((String) value);
    } else if (value instanceof Number) {
      out.writeNumber(((Number) value).text);
    } else {
      out.writeBoolean((Boolean) value);
    }
  }

  private static MesosJsonException malformed(IOException e) {
    if (e instanceof JsonProcessingException) {
      JsonProcessingException j = (JsonProcessingException) e;
      JsonLocation at = j.getLocation();
      String location =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      return new MesosJsonException("Malformed JSON: " + j.getOriginalMessage() + location, e);
    }
    // Reading from memory cannot fail for any other reason.
    throw new UncheckedIOException(e);
  }

  private static String describe(JsonToken token) {
    switch (token) {
      case START_ARRAY:
        return "an array";
      case START_OBJECT:
        return "an object";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return token.toString();
    }
  }
}
