package io.talus.protocol.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.MessageOrBuilder;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Base64;

/**
 * Writes a message the way stout's {@code JSON::protobuf} does, walking the descriptor rather than
 * using protobuf's canonical mapping, whose output (int64 as strings, lowerCamelCase keys, no
 * proto2 defaults) Mesos clients do not expect.
 */
final class MesosJsonPrinter {

  private MesosJsonPrinter() {}

  static void writeMessage(JsonGenerator out, MessageOrBuilder message) throws IOException {
    out.writeStartObject();
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      if (field.isMapField()) {
        if (message.getRepeatedFieldCount(field) > 0) {
          out.writeFieldName(field.getName());
          writeMap(out, message, field);
        }
      } else if (field.isRepeated()) {
        int count = message.getRepeatedFieldCount(field);
        if (count > 0) {
          out.writeFieldName(field.getName());
          out.writeStartArray();
          for (int i = 0; i < count; i++) {
            writeValue(out, field, message.getRepeatedField(field, i));
          }
          out.writeEndArray();
        }
      } else if (message.hasField(field) || printsDefault(field)) {
        out.writeFieldName(field.getName());
        writeValue(out, field, message.getField(field));
      }
    }
    out.writeEndObject();
  }

  /**
   * Mesos prints an unset field when the .proto gives it an explicit default, so clients see e.g.
   * {@code "checkpoint":false}; it skips deprecated ones so that a default such as {@code
   * Resource.role = "*"} does not reappear next to the fields that replaced it (a client echoing
   * {@code role} back together with {@code reservations} would be rejected).
   */
  private static boolean printsDefault(FieldDescriptor field) {
    return field.hasDefaultValue()
        && !field.getOptions().getDeprecated()
        && field.getRealContainingOneof() == null;
  }

  private static void writeMap(JsonGenerator out, MessageOrBuilder message, FieldDescriptor field)
      throws IOException {
    FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
    FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
    out.writeStartObject();
    int count = message.getRepeatedFieldCount(field);
    for (int i = 0; i < count; i++) {
      MessageOrBuilder entry = (MessageOrBuilder) message.getRepeatedField(field, i);
      out.writeFieldName(mapKey(keyField, entry.getField(keyField)));
      writeValue(out, valueField, entry.getField(valueField));
    }
    out.writeEndObject();
  }

  private static String mapKey(FieldDescriptor keyField, Object key) {
    switch (keyField.getType()) {
      case UINT32:
      case FIXED32:
        return Integer.toUnsignedString((Integer) key);
      case UINT64:
      case FIXED64:
        return Long.toUnsignedString((Long) key);
      default:
        return String.valueOf(key);
    }
  }

  private static void writeValue(JsonGenerator out, FieldDescriptor field, Object value)
      throws IOException {
    switch (field.getType()) {
      case DOUBLE:
        writeDouble(out, (Double) value);
        break;
      case FLOAT:
        writeFloat(out, (Float) value);
        break;
      case INT32:
      case SINT32:
      case SFIXED32:
        out.writeNumber((Integer) value);
        break;
      case UINT32:
      case FIXED32:
        out.writeNumber(Integer.toUnsignedLong((Integer) value));
        break;
      case INT64:
      case SINT64:
      case SFIXED64:
        out.writeNumber((Long) value);
        break;
      case UINT64:
      case FIXED64:
        out.writeNumber(Long.toUnsignedString((Long) value));
        break;
      case BOOL:
        out.writeBoolean((Boolean) value);
        break;
      case STRING:
        out.writeString((String) value);
        break;
      case BYTES:
        out.writeString(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
        break;
      case ENUM:
        out.writeString(((EnumValueDescriptor) value).getName());
        break;
      case MESSAGE:
      case GROUP:
        writeMessage(out, (MessageOrBuilder) value);
        break;
      default:
        throw new IllegalStateException("unhandled field type " + field.getType());
    }
  }

  private static void writeDouble(JsonGenerator out, double d) throws IOException {
    if (!Double.isFinite(d)) {
      // JSON has no such numbers; these are the strings the parser (JsonFormat) reads back.
      out.writeString(Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
      return;
    }
    out.writeNumber(decimal(Double.toString(d)));
  }

  private static void writeFloat(JsonGenerator out, float f) throws IOException {
    if (!Float.isFinite(f)) {
      out.writeString(Float.isNaN(f) ? "NaN" : f > 0 ? "Infinity" : "-Infinity");
      return;
    }
    out.writeNumber(decimal(Float.toString(f)));
  }

  /**
   * The shortest digits that read back as the same value, in plain notation with at least one
   * decimal place, as Mesos writes {@code 15.0} and {@code 0.5}. Very large or small magnitudes
   * keep an exponent rather than hundreds of zeros.
   */
  static String decimal(String javaRepr) {
    BigDecimal value = new BigDecimal(javaRepr).stripTrailingZeros();
    int exponent = value.precision() - value.scale() - 1;
    if (value.signum() == 0) {
      return javaRepr.startsWith("-") ? "-0.0" : "0.0";
    }
    if (exponent < -7 || exponent >= 21) {
      String unscaled = value.unscaledValue().abs().toString();
      String mantissa =
          unscaled.length() == 1
              ? unscaled + ".0"
              : unscaled.charAt(0) + "." + unscaled.substring(1);
      return (value.signum() < 0 ? "-" : "") + mantissa + "e" + exponent;
    }
    String plain = value.toPlainString();
    return plain.indexOf('.') >= 0 ? plain : plain + ".0";
  }
}
