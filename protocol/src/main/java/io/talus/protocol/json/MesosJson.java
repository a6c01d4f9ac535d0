package io.talus.protocol.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Mesos's JSON mapping of protobuf messages, for the {@code application/json} form of the v1 APIs.
 *
 * <p>Output, as stout prints it: keys are proto field names in declaration order; set fields are
 * printed, and so are unset singular fields with an explicit, non-deprecated default in the .proto
 * ({@code FrameworkInfo.checkpoint} prints {@code false}); empty repeated fields are omitted; enums
 * as their names; bytes as padded standard base64; all integers, 64-bit included, as JSON numbers
 * (unsigned types unsigned); doubles and floats with a decimal point ({@code 15.0}) in the shortest
 * form that reads back exactly, NaN and infinities as the strings {@code "NaN"}, {@code
 * "Infinity"}, {@code "-Infinity"}; map fields as objects. The output is compact and pure ASCII
 * (anything else is written as a JSON unicode escape).
 *
 * <p>Input: a strict JSON object. Keys are proto field names; unknown keys are ignored; {@code
 * null} (as a member or an array element) means unset; numbers may also arrive as strings, doubles
 * as {@code "Infinity"}, {@code "-Infinity"} or {@code "NaN"}, bools as {@code "true"}/{@code
 * "false"}; an unknown enum name is dropped, which for a required enum makes the message
 * incomplete. Anything malformed or incomplete is a {@link MesosJsonException} naming the problem,
 * e.g. the missing required fields by path.
 */
public final class MesosJson {

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .disable(StreamWriteFeature.FLUSH_PASSED_TO_STREAM)
          .build();

  // JsonFormat drops unknown enum names only when told to ignore unknown fields, as Mesos does.
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private MesosJson() {}

  public static String print(MessageOrBuilder message) {
    return new String(printBytes(message), StandardCharsets.US_ASCII);
  }

  public static byte[] printBytes(MessageOrBuilder message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      print(message, out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  /** Writes the message's JSON to {@code out}, which is neither flushed nor closed. */
  public static void print(MessageOrBuilder message, OutputStream out) throws IOException {
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      MesosJsonPrinter.writeMessage(generator, message);
    }
  }

  /**
   * Parses a JSON object into a message of {@code prototype}'s type.
   *
   * @param prototype any instance of the wanted type, typically {@code T.getDefaultInstance()}
   * @return the complete message
   * @throws MesosJsonException on malformed JSON, a value that does not fit its field, or missing
   *     required fields
   */
  public static <T extends Message> T parse(String json, T prototype) throws MesosJsonException {
    return build(StrictJsonReader.readObject(json), prototype);
  }

  /** As {@link #parse(String, Message)}, for a body in any JSON encoding (UTF-8 in practice). */
  public static <T extends Message> T parse(byte[] json, T prototype) throws MesosJsonException {
    return build(StrictJsonReader.readObject(json), prototype);
  }

  private static <T extends Message> T build(Map<String, Object> json, T prototype)
      throws MesosJsonException {
    Message.Builder builder = prototype.newBuilderForType();
    String type = prototype.getDescriptorForType().getFullName();
    try {
      PARSER.merge(StrictJsonReader.write(json), builder);
    } catch (InvalidProtocolBufferException e) {
      // JsonFormat builds nested messages as it goes, so it is first to notice their gaps.
      List<String> missing = MissingFields.find(prototype.getDescriptorForType(), json);
      if (!missing.isEmpty() && String.valueOf(e.getMessage()).contains("missing required")) {
        throw missingFields(type, missing, e);
      }
      throw new MesosJsonException("Invalid JSON for " + type + ": " + e.getMessage(), e);
    }
    if (!builder.isInitialized()) {
      throw missingFields(type, builder.findInitializationErrors(), null);
    }
    @SuppressWarnings("unchecked") // newBuilderForType() of a T builds a T
    T message = (T) builder.build();
    return message;
  }

  private static MesosJsonException missingFields(
      String type, List<String> paths, Exception cause) {
    return new MesosJsonException(
        "Invalid JSON for " + type + ": missing required fields: " + String.join(", ", paths),
        cause);
  }
}
