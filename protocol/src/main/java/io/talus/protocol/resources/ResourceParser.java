package io.talus.protocol.resources;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.talus.mesos.v1.Protos.Attribute;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.Value;
import io.talus.protocol.json.MesosJson;
import io.talus.protocol.json.MesosJsonException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the agent's {@code --resources} and {@code --attributes} flags with Mesos's rules.
 *
 * <p>Values: {@code [a-b,c-d]} is RANGES, {@code {x,y}} is SET, a decimal number is SCALAR,
 * anything else is TEXT (allowed for attributes only). Whitespace anywhere in a value is ignored,
 * as Mesos strips it. Every error is an {@link IllegalArgumentException} that quotes the offending
 * text.
 */
public final class ResourceParser {

  /** The role of unreserved resources. */
  public static final String UNRESERVED = "*";

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final JsonFactory JSON = new JsonFactory();

  private ResourceParser() {}

  /** Unreserved unless an entry names a role. */
  public static List<Resource> parseResources(String text) {
    return parseResources(text, UNRESERVED);
  }

  /**
   * Parses {@code name(role):value} entries separated by {@code ;}, e.g. {@code
   * cpus:4;mem(ops):8192;ports:[31000-32000];disks:{a,b}}, or, as Mesos also accepts, a JSON array
   * of Resource objects. Resources of a role other than {@code *} carry a STATIC reservation for it
   * (the post-reservation-refinement format; the deprecated {@code role} field is never set).
   * Entries are returned as written, in order, including empty ones such as {@code gpus:0}.
   *
   * @param defaultRole the role of entries that name none
   */
  public static List<Resource> parseResources(String text, String defaultRole) {
    validateRole(defaultRole, "the default role");
    if (text.strip().startsWith("[")) {
      return parseJsonResources(text, defaultRole);
    }
    List<Resource> resources = new ArrayList<>();
    for (String entry : text.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.split(":", -1);
      if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
        throw new IllegalArgumentException(
            "bad resource '" + entry.strip() + "': expected name:value or name(role):value");
      }
      String name = parts[0].strip();
      String role = defaultRole;
      int open = name.indexOf('(');
      if (open >= 0) {
        int close = name.indexOf(')');
        if (close < open || close != name.length() - 1) {
          throw new IllegalArgumentException(
              "bad resource '" + entry.strip() + "': mismatched parentheses around the role");
        }
        role = name.substring(open + 1, close).strip();
        name = name.substring(0, open).strip();
      }
      resources.add(parseResource(name, parts[1], role));
    }
    return resources;
  }

  /** One resource, as Mesos's {@code Resources::parse(name, value, role)}. */
  public static Resource parseResource(String name, String value, String role) {
    if (name.isEmpty() || WHITESPACE.matcher(name).find()) {
      throw new IllegalArgumentException("bad resource name '" + name + "'");
    }
    validateRole(role, "the role of resource '" + name + "'");
    Value parsed = parseValue(value);
    Resource.Builder resource = Resource.newBuilder().setName(name).setType(parsed.getType());
    switch (parsed.getType()) {
      case SCALAR:
        if (parsed.getScalar().getValue() < 0) {
          throw new IllegalArgumentException(
              "bad resource '" + name + "': negative value " + value.strip());
        }
        resource.setScalar(parsed.getScalar());
        break;
      case RANGES:
        resource.setRanges(parsed.getRanges());
        break;
      case SET:
        Set<String> seen = new HashSet<>();
        for (String item : parsed.getSet().getItemList()) {
          if (!seen.add(item)) {
            throw new IllegalArgumentException(
                "bad resource '"
                    + name
                    + "': duplicate item '"
                    + item
                    + "' in set "
                    + value.strip());
          }
        }
        resource.setSet(parsed.getSet());
        break;
      default:
        throw new IllegalArgumentException(
            "bad resource '"
                + name
                + "': value '"
                + value.strip()
                + "' is not a number, [ranges] or {set}");
    }
    if (!role.equals(UNRESERVED)) {
      resource.addReservations(
          Resource.ReservationInfo.newBuilder()
              .setType(Resource.ReservationInfo.Type.STATIC)
              .setRole(role));
    }
    return resource.build();
  }

  /**
   * Parses {@code name:value} entries separated by {@code ;} or newlines, e.g. {@code
   * rack:r1;zone:a;level:3;ports:[1-2]}. Only the first {@code :} separates, so a value may contain
   * colons.
   */
  public static List<Attribute> parseAttributes(String text) {
    List<Attribute> attributes = new ArrayList<>();
    for (String entry : text.split("[;\n]")) {
      if (entry.isBlank()) {
        continue;
      }
      int colon = entry.indexOf(':');
      if (colon < 0
          || entry.substring(0, colon).isBlank()
          || entry.substring(colon + 1).isBlank()) {
        throw new IllegalArgumentException(
            "bad attribute '" + entry.strip() + "': expected name:value");
      }
      String name = entry.substring(0, colon).strip();
      Value value = parseValue(entry.substring(colon + 1));
      Attribute.Builder attribute = Attribute.newBuilder().setName(name).setType(value.getType());
      switch (value.getType()) {
        case SCALAR:
          attribute.setScalar(value.getScalar());
          break;
        case RANGES:
          attribute.setRanges(value.getRanges());
          break;
        case SET:
          attribute.setSet(value.getSet());
          break;
        default:
          attribute.setText(value.getText());
          break;
      }
      attributes.add(attribute.build());
    }
    return attributes;
  }

  /**
   * Parses one value: {@code [a-b,...]} RANGES (coalesced), {@code {x,...}} SET, a finite decimal
   * number SCALAR, else TEXT.
   */
  public static Value parseValue(String text) {
    String v = WHITESPACE.matcher(text).replaceAll("");
    if (v.isEmpty()) {
      throw new IllegalArgumentException("empty value");
    }
    if (v.startsWith("[")) {
      return Value.newBuilder().setType(Value.Type.RANGES).setRanges(parseRanges(v)).build();
    }
    if (v.startsWith("{")) {
      return Value.newBuilder().setType(Value.Type.SET).setSet(parseSet(v)).build();
    }
    for (char c : new char[] {'[', ']', '{', '}'}) {
      if (v.indexOf(c) >= 0) {
        throw new IllegalArgumentException(
            "bad value '" + text.strip() + "': unexpected '" + c + "'");
      }
    }
    if (NUMBER.matcher(v).matches()) {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("bad value '" + text.strip() + "': out of range");
      }
      return Value.newBuilder().setType(Value.Type.SCALAR).setScalar(Values.scalar(d)).build();
    }
    return Value.newBuilder()
        .setType(Value.Type.TEXT)
        .setText(Value.Text.newBuilder().setValue(v))
        .build();
  }

  private static Value.Ranges parseRanges(String v) {
    if (!v.endsWith("]") || v.indexOf('[', 1) >= 0 || v.indexOf(']') != v.length() - 1) {
      throw new IllegalArgumentException("bad ranges '" + v + "': mismatched brackets");
    }
    String inner = v.substring(1, v.length() - 1);
    List<Value.Range> ranges = new ArrayList<>();
    if (!inner.isEmpty()) {
      for (String r : inner.split(",", -1)) {
        String[] bounds = r.split("-", -1);
        if (bounds.length != 2) {
          throw new IllegalArgumentException(
              "bad ranges '" + v + "': '" + r + "' is not begin-end");
        }
        ranges.add(Values.range(bound(bounds[0], v), bound(bounds[1], v)));
      }
    }
    try {
      return Values.coalesce(ranges);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad ranges '" + v + "': " + e.getMessage(), e);
    }
  }

  private static long bound(String digits, String ranges) {
    try {
      return Long.parseUnsignedLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "bad ranges '" + ranges + "': '" + digits + "' is not a non-negative integer", e);
    }
  }

  private static Value.Set parseSet(String v) {
    if (!v.endsWith("}") || v.indexOf('{', 1) >= 0 || v.indexOf('}') != v.length() - 1) {
      throw new IllegalArgumentException("bad set '" + v + "': mismatched braces");
    }
    Value.Set.Builder set = Value.Set.newBuilder();
    for (String item : v.substring(1, v.length() - 1).split(",")) {
      if (!item.isEmpty()) {
        set.addItem(item);
      }
    }
    return set.build();
  }

  /**
   * Mesos's role name rules: {@code *}, or {@code /}-separated path components none of which is
   * empty, {@code .}, {@code ..} or starts with {@code -}, and no whitespace.
   */
  static void validateRole(String role, String what) {
    if (role.equals(UNRESERVED)) {
      return;
    }
    boolean ok = !role.isEmpty() && !WHITESPACE.matcher(role).find();
    if (ok) {
      for (String component : role.split("/", -1)) {
        if (component.isEmpty()
            || component.equals(".")
            || component.equals("..")
            || component.startsWith("-")
            || component.equals(UNRESERVED)) {
          ok = false;
        }
      }
    }
    if (!ok) {
      throw new IllegalArgumentException("invalid role '" + role + "' for " + what);
    }
  }

  private static List<Resource> parseJsonResources(String text, String defaultRole) {
    List<Resource> resources = new ArrayList<>();
    try (JsonParser parser = JSON.createParser(text)) {
      parser.nextToken();
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        if (t != JsonToken.START_OBJECT) {
          throw new IllegalArgumentException("bad JSON resources: expected an array of objects");
        }
        StringWriter element = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(element)) {
          out.copyCurrentStructure(parser);
        }
        Resource resource = MesosJson.parse(element.toString(), Resource.getDefaultInstance());
        if (resource.getReservationsCount() == 0
            && !resource.hasRole()
            && !defaultRole.equals(UNRESERVED)) {
          resource =
              resource.toBuilder()
                  .addReservations(
                      Resource.ReservationInfo.newBuilder()
                          .setType(Resource.ReservationInfo.Type.STATIC)
                          .setRole(defaultRole))
                  .build();
        }
        Resources.validate(resource);
        resources.add(resource);
      }
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("bad JSON resources: trailing content after the array");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad JSON resources: " + e.getOriginalMessage(), e);
    } catch (MesosJsonException e) {
      throw new IllegalArgumentException("bad JSON resource: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading a string failed", e);
    }
    return resources;
  }
}
