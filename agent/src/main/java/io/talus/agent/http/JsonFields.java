package io.talus.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.MessageOrBuilder;
import io.talus.mesos.v1.Protos.Attribute;
import io.talus.mesos.v1.Protos.Label;
import io.talus.mesos.v1.Protos.Labels;
import io.talus.mesos.v1.Protos.Resource;
import io.talus.protocol.json.MesosJson;
import io.talus.protocol.resources.ResourceParser;
import io.talus.protocol.resources.Resources;
import io.talus.protocol.resources.Values;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The small pieces the agent's {@code /state} is made of, in Mesos's forms. The master has the
 * same pieces in its own package; they are repeated here rather than shared because the agent
 * must not depend on the master, and the protocol module has no JSON tree library.
 */
final class JsonFields {

  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonFields() {}

  /** The flat map form, {@code {"cpus":4.0,...,"ports":"[31000-32000]"}}. */
  static ObjectNode resources(Resources resources) {
    ObjectNode node = NODES.objectNode();
    resources.toStateJson().forEach((name, value) -> {
      if (value instanceof Number number) {
        node.put(name, number.doubleValue());
      } else {
        node.put(name, String.valueOf(value));
      }
    });
    return node;
  }

  static ObjectNode resources(List<Resource> resources) {
    return resources(Resources.of(resources));
  }

  /** Resources as whole protobufs, as Mesos writes its {@code *_full} fields. */
  static ArrayNode fullResources(Resources resources) {
    ArrayNode array = NODES.arrayNode();
    resources.forEach(r -> array.add(proto(r)));
    return array;
  }

  /**
   * The role a resource is reserved for: that of its innermost reservation, or the legacy static
   * {@code role}; {@code "*"} when unreserved.
   */
  @SuppressWarnings("deprecation") // the legacy static role is still what agent flags produce
  static String reservationRole(Resource r) {
    if (r.getReservationsCount() > 0) {
      return r.getReservations(r.getReservationsCount() - 1).getRole();
    }
    return r.hasRole() ? r.getRole() : ResourceParser.UNRESERVED;
  }

  static boolean unreserved(Resource r) {
    return reservationRole(r).equals(ResourceParser.UNRESERVED);
  }

  /**
   * Mesos's attribute map: scalars as numbers, ranges and sets in their text form ({@code
   * "[1-2]"}, {@code "{a, b}"}), text as is.
   */
  static ObjectNode attributes(List<Attribute> attributes) {
    ObjectNode node = NODES.objectNode();
    for (Attribute a : attributes) {
      switch (a.getType()) {
        case SCALAR -> node.put(a.getName(), a.getScalar().getValue());
        case RANGES -> node.put(a.getName(), Values.format(a.getRanges()));
        case SET -> node.put(a.getName(), Values.format(a.getSet()));
        default -> node.put(a.getName(), a.getText().getValue());
      }
    }
    return node;
  }

  /** Mesos writes {@code Labels} as the bare array of its labels. */
  static ArrayNode labels(Labels labels) {
    ArrayNode array = NODES.arrayNode();
    for (Label l : labels.getLabelsList()) {
      array.add(proto(l));
    }
    return array;
  }

  /** A protobuf embedded whole, as Mesos embeds {@code JSON::Protobuf(...)}. */
  static JsonNode proto(MessageOrBuilder message) {
    try {
      return MAPPER.readTree(MesosJson.print(message));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("MesosJson printed unreadable JSON", e);
    }
  }

  /** Enum values by name, as Mesos writes every {@code capabilities} list. */
  static ArrayNode names(List<? extends Enum<?>> values) {
    ArrayNode array = NODES.arrayNode();
    values.forEach(v -> array.add(v.name()));
    return array;
  }
}
