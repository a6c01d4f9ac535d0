package io.talus.protocol.json.state;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** The small pieces every Mesos state object is made of, in Mesos's forms. */
public final class StateJsonFields {

  public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StateJsonFields() {}

  /** Mesos reports times as seconds since the epoch, a double ({@code Time::secs()}). */
  public static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /** The flat map form, {@code {"cpus":4.0,...,"ports":"[31000-32000]"}}. */
  public static ObjectNode resources(Resources resources) {
    ObjectNode node = NODES.objectNode();
    resources
        .toStateJson()
        .forEach(
            (name, value) -> {
              if (value instanceof Number number) {
                node.put(name, number.doubleValue());
              } else {
                node.put(name, String.valueOf(value));
              }
            });
    return node;
  }

  public static ObjectNode resources(List<Resource> resources) {
    return resources(Resources.of(resources));
  }

  /** Resources as whole protobufs, as Mesos writes its {@code *_full} fields. */
  public static ArrayNode fullResources(Resources resources) {
    ArrayNode array = NODES.arrayNode();
    resources.forEach(r -> array.add(proto(r)));
    return array;
  }

  /** The resources that no role holds a reservation of. */
  public static Resources unreserved(Resources total) {
    return total.filter(r -> reservationRole(r).equals(ResourceParser.UNRESERVED));
  }

  /**
   * Mesos's {@code reserved_resources}: the map form of the reserved resources of each role that
   * holds any ({@link #reservations}), roles in order.
   */
  public static ObjectNode reservedResources(Resources total) {
    ObjectNode node = NODES.objectNode();
    reservations(total).forEach((role, reserved) -> node.set(role, resources(reserved)));
    return node;
  }

  /** Mesos's {@code reserved_resources_full}: as {@link #reservedResources}, as whole protobufs. */
  public static ObjectNode reservedResourcesFull(Resources total) {
    ObjectNode node = NODES.objectNode();
    reservations(total).forEach((role, reserved) -> node.set(role, fullResources(reserved)));
    return node;
  }

  /**
   * Mesos's {@code Resources::reservations()}: reserved resources by the role that holds them,
   * that of the innermost reservation or the legacy static {@code role}.
   */
  private static SortedMap<String, Resources> reservations(Resources total) {
    Map<String, List<Resource>> byRole = new TreeMap<>();
    for (Resource r : total) {
      String role = reservationRole(r);
      if (!role.equals(ResourceParser.UNRESERVED)) {
        byRole.computeIfAbsent(role, k -> new ArrayList<>()).add(r);
      }
    }
    SortedMap<String, Resources> reservations = new TreeMap<>();
    byRole.forEach((role, list) -> reservations.put(role, Resources.of(list)));
    return reservations;
  }

  /** {@code "*"} when unreserved: the default of the legacy {@code role}. */
  @SuppressWarnings("deprecation") // the legacy static role is still what agent flags produce
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
  public static ObjectNode attributes(List<Attribute> attributes) {
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
  public static ArrayNode labels(Labels labels) {
    ArrayNode array = NODES.arrayNode();
    for (Label l : labels.getLabelsList()) {
      array.add(proto(l));
    }
    return array;
  }

  /** A protobuf embedded whole, as Mesos embeds {@code JSON::Protobuf(...)}. */
  public static JsonNode proto(MessageOrBuilder message) {
    try {
      return MAPPER.readTree(MesosJson.print(message));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("MesosJson printed unreadable JSON", e);
    }
  }

  /** Enum values by name, as Mesos writes every {@code capabilities} list. */
  public static ArrayNode names(List<? extends Enum<?>> values) {
    ArrayNode array = NODES.arrayNode();
    values.forEach(v -> array.add(v.name()));
    return array;
  }
}
