package io.talus.protocol.json;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the required fields a JSON tree leaves unset, by path ({@code
 * subscribe.framework_info.user}, {@code offers[0].id}). {@code JsonFormat} checks nested messages
 * itself but reports only the bare field names, which do not tell a client where to look.
 */
final class MissingFields {

  private MissingFields() {}

  static List<String> find(Descriptor type, Map<?, ?> json) {
    List<String> missing = new ArrayList<>();
    walk(type, json, "", missing);
    return missing;
  }

  private static void walk(Descriptor type, Map<?, ?> json, String prefix, List<String> missing) {
    for (FieldDescriptor field : type.getFields()) {
      Object value =
          json.containsKey(field.getName())
              ? json.get(field.getName())
              : json.get(field.getJsonName());
      if (field.isRequired() && !isPresent(field, value)) {
        missing.add(prefix + field.getName());
      }
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isMapField()) {
        continue;
      }
      if (value instanceof Map) {
        walk(field.getMessageType(), (Map<?, ?>) value, prefix + field.getName() + ".", missing);
      } else if (value instanceof List) {
        List<?> elements = (List<?>) value;
        for (int i = 0; i < elements.size(); i++) {
          if (elements.get(i) instanceof Map) {
            walk(
                field.getMessageType(),
                (Map<?, ?>) elements.get(i),
                prefix + field.getName() + "[" + i + "].",
                missing);
          }
        }
      }
    }
  }

  /** Unknown enum names are dropped, so for a required enum they count as missing. */
  private static boolean isPresent(FieldDescriptor field, Object value) {
    if (value == null) {
      return false;
    }
    if (field.getJavaType() == FieldDescriptor.JavaType.ENUM && value instanceof String) {
      return field.getEnumType().findValueByName((String) value) != null;
    }
    return true;
  }
}
