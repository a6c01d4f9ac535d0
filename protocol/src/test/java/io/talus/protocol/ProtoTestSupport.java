package io.talus.protocol;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TextFormat;
import java.util.ArrayList;
import java.util.List;

/** Reflection helpers that work alike on Talus's and Apache Mesos's generated classes. */
public final class ProtoTestSupport {

  private ProtoTestSupport() {}

  /** Text format names fields, not types, so equal text means equal content across packages. */
  public static String text(MessageOrBuilder message) {
    return TextFormat.printer().printToString(message);
  }

  /**
   * The message as it reads back from Mesos JSON: every unset singular field with a non-deprecated
   * explicit default is set to it, at every depth.
   */
  @SuppressWarnings("unchecked")
  public static <T extends Message> T withPrintedDefaults(T message) {
    Message.Builder builder = message.toBuilder();
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      if (field.isRepeated()) {
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
            builder.setRepeatedField(
                field, i, withPrintedDefaults((Message) message.getRepeatedField(field, i)));
          }
        }
      } else if (message.hasField(field)) {
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
          builder.setField(field, withPrintedDefaults((Message) message.getField(field)));
        }
      } else if (field.hasDefaultValue()
          && !field.getOptions().getDeprecated()
          && field.getRealContainingOneof() == null) {
        builder.setField(field, field.getDefaultValue());
      }
    }
    return (T) builder.buildPartial();
  }

  /** Paths of every message, at any depth, that carries fields its parser did not know. */
  public static List<String> unknownFieldPaths(Message message) {
    List<String> paths = new ArrayList<>();
    collectUnknown(message, message.getDescriptorForType().getName(), paths);
    return paths;
  }

  private static void collectUnknown(Message message, String path, List<String> out) {
    if (!message.getUnknownFields().asMap().isEmpty()) {
      out.add(path + " " + message.getUnknownFields().asMap().keySet());
    }
    for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (field.isRepeated()) {
        for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
          collectUnknown(
              (Message) message.getRepeatedField(field, i),
              path + "." + field.getName() + "[" + i + "]",
              out);
        }
      } else if (message.hasField(field)) {
        collectUnknown((Message) message.getField(field), path + "." + field.getName(), out);
      }
    }
  }
}
