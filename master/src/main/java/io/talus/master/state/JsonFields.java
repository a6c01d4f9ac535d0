package io.talus.master.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageOrBuilder;
import io.talus.mesos.v1.Protos.Attribute;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.protocol.json.MesosJson;
import io.talus.protocol.resources.ResourceParser;
import io.talus.protocol.resources.Resources;
import io.talus.protocol.resources.Values;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The small pieces every {@code /master/state} object is made of, in Mesos's forms. */
final class JsonFields {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonFields() {}

  /** Mesos reports times as seconds since the epoch, a double ({@code Time::secs()}). */
  static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /** The flat map form, {@code {"cpus":4.0,...,"ports":"[31000-32000]"}}. */
  static ObjectNode resources(Resources resources) {
    ObjectNode node = NODES.objectNode();
    resources
        .toStateJson()
        .forEach(
            (name, value) -> {
              if (value instanceof Number) {
                node.put(name, ((Number) value).doubleValue());
              } else {
                node.put(name, String.valueOf(value));
              }
            });
    return node;
  }

  static ObjectNode resources(List<Resource> resources) {
    return resources(Resources.of(resources));
  }

  /**
   * Mesos's {@code reserved_resources}: one map-form entry per role that holds reservations (the
   * role of the innermost reservation, or the legacy static {@code role}); unreserved ones are
   * left out.
   */
  static ObjectNode reservedByRole(Resources total) {
    Map<String, List<Resource>> byRole = new TreeMap<>();
    for (Resource r : total) {
      String role = reservationRole(r);
      if (!role.equals(ResourceParser.UNRESERVED)) {
        byRole.computeIfAbsent(role, k -> new ArrayList<>()).add(r);
      }
    }
    ObjectNode node = NODES.objectNode();
    byRole.forEach((role, list) -> node.set(role, resources(list)));
    return node;
  }

  static Resources unreserved(Resources total) {
    return total.filter(r -> reservationRole(r).equals(ResourceParser.UNRESERVED));
  }

  @SuppressWarnings("deprecation") // the legacy static reservation is still what agents send
  private static String reservationRole(Resource r) {
    if (r.getReservationsCount() > 0) {
      return r.getReservations(r.getReservationsCount() - 1).getRole();
    }
    return r.getRole();
  }

  /**
   * Mesos's attribute map: scalars as numbers, ranges and sets in their text form ({@code
   * "[1-2]"}, {@code "{a, b}"}), text as is.
   */
  static ObjectNode attributes(List<Attribute> attributes) {
    ObjectNode node = NODES.objectNode();
    for (Attribute a : attributes) {
      switch (a.getType()) {
        case SCALAR:
          node.put(a.getName(), a.getScalar().getValue());
          break;
        case RANGES:
          node.put(a.getName(), Values.format(a.getRanges()));
          break;
        case SET:
          node.put(a.getName(), Values.format(a.getSet()));
          break;
        default:
          node.put(a.getName(), a.getText().getValue());
          break;
      }
    }
    return node;
  }

  /** A protobuf embedded whole, as Mesos embeds {@code JSON::Protobuf(...)}. */
  static JsonNode proto(MessageOrBuilder message) {
    try {
      return MAPPER.readTree(MesosJson.print(message));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("MesosJson printed unreadable JSON", e);
    }
  }

  /** Capability types by name, as Mesos writes every {@code capabilities} list. */
  static ArrayNode names(List<? extends Enum<?>> types) {
    ArrayNode array = NODES.arrayNode();
    types.forEach(t -> array.add(t.name()));
    return array;
  }
}
