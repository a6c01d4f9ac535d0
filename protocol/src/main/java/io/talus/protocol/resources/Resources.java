package io.talus.protocol.resources;

import io.talus.mesos.v1.Protos.Resource;
import io.talus.mesos.v1.Protos.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * An immutable collection of Mesos resources with Mesos's {@code Resources} semantics.
 *
 * <p>Resources with the same identity (name, type, role, reservations, allocation, disk, revocable,
 * shared and provider) are one entry whose values add up: scalars in three-decimal fixed point,
 * ranges coalesced, sets as sets. Persistent volumes, MOUNT disks and shared resources are never
 * merged or split; they come and go whole. Empty entries (0 of a scalar, no ranges, an empty set)
 * are dropped. Subtracting more than there is leaves nothing of that entry, as in Mesos.
 *
 * <p>Two collections are equal when each contains the other, whatever their order.
 */
public final class Resources implements Iterable<Resource> {

  private static final Resources EMPTY = new Resources(List.of());
  private static final List<String> STATE_SCALARS = List.of("cpus", "mem", "disk", "gpus");

  private final List<Resource> resources;

  private Resources(List<Resource> resources) {
    this.resources = Collections.unmodifiableList(resources);
  }

  public static Resources empty() {
    return EMPTY;
  }

  /**
   * @throws IllegalArgumentException if a resource is invalid (see {@link #validate})
   */
  public static Resources of(Iterable<Resource> resources) {
    List<Resource> merged = new ArrayList<>();
    for (Resource r : resources) {
      validate(r);
      addTo(merged, normalize(r));
    }
    return new Resources(merged);
  }

  public static Resources of(Resource... resources) {
    return of(List.of(resources));
  }

  /** Parses the agent flag syntax, see {@link ResourceParser#parseResources(String)}. */
  public static Resources parse(String text) {
    return of(ResourceParser.parseResources(text));
  }

  /**
   * Checks a resource as Mesos does before accepting it: a name; SCALAR, RANGES or SET with only
   * the matching value set; a finite non-negative scalar; ranges whose begin is not after their
   * end; no duplicate set items; and when {@code reservations} are used, neither of the deprecated
   * {@code role} and {@code reservation} fields.
   *
   * @throws IllegalArgumentException naming the resource and the problem
   */
  public static void validate(Resource r) {
    String what = "invalid resource '" + r.getName() + "': ";
    if (r.getName().isEmpty()) {
      throw new IllegalArgumentException("invalid resource: empty name");
    }
    boolean valueMatchesType;
    switch (r.getType()) {
      case SCALAR:
        valueMatchesType = r.hasScalar() && !r.hasRanges() && !r.hasSet();
        double v = r.getScalar().getValue();
        if (!Double.isFinite(v) || v < 0) {
          throw new IllegalArgumentException(what + "scalar " + v + " is not a finite value >= 0");
        }
        break;
      case RANGES:
        valueMatchesType = r.hasRanges() && !r.hasScalar() && !r.hasSet();
        try {
          Values.coalesce(r.getRanges());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(what + e.getMessage(), e);
        }
        break;
      case SET:
        valueMatchesType = r.hasSet() && !r.hasScalar() && !r.hasRanges();
        if (new HashSet<>(r.getSet().getItemList()).size() != r.getSet().getItemCount()) {
          throw new IllegalArgumentException(
              what + "duplicate items in set " + r.getSet().getItemList());
        }
        break;
      default:
        throw new IllegalArgumentException(
            what + "type " + r.getType() + " is not a resource type");
    }
    if (!valueMatchesType) {
      throw new IllegalArgumentException(what + "the value set does not match type " + r.getType());
    }
    if (r.getReservationsCount() > 0 && (r.hasRole() || r.hasReservation())) {
      throw new IllegalArgumentException(
          what + "'role' and 'reservation' must not be set when 'reservations' is used");
    }
    for (Resource.ReservationInfo reservation : r.getReservationsList()) {
      ResourceParser.validateRole(reservation.getRole(), "a reservation of '" + r.getName() + "'");
    }
  }

  public Resources add(Resources that) {
    List<Resource> out = new ArrayList<>(resources);
    for (Resource r : that.resources) {
      addTo(out, r);
    }
    return new Resources(out);
  }

  public Resources add(Resource resource) {
    return add(of(resource));
  }

  public Resources subtract(Resources that) {
    List<Resource> out = new ArrayList<>(resources);
    for (Resource r : that.resources) {
      subtractFrom(out, r);
    }
    return new Resources(out);
  }

  public Resources subtract(Resource resource) {
    return subtract(of(resource));
  }

  /** Whether subtracting {@code that} would take nothing that is not here. */
  public boolean contains(Resources that) {
    List<Resource> remaining = new ArrayList<>(resources);
    for (Resource r : that.resources) {
      if (remaining.stream().noneMatch(mine -> contains(mine, r))) {
        return false;
      }
      // Indivisible resources (e.g. two identical persistent volumes) must each be matched once.
      subtractFrom(remaining, r);
    }
    return true;
  }

  public boolean contains(Resource resource) {
    return contains(of(resource));
  }

  /** The total of a scalar resource over all roles and reservations; 0 if there is none. */
  public double scalar(String name) {
    long total = 0;
    for (Resource r : resources) {
      if (r.getName().equals(name) && r.getType() == Value.Type.SCALAR) {
        total += Values.toFixed(r.getScalar().getValue());
      }
    }
    return Values.fromFixed(total);
  }

  /** The union of a ranges resource over all roles and reservations. */
  public Value.Ranges ranges(String name) {
    Value.Ranges union = Value.Ranges.getDefaultInstance();
    for (Resource r : resources) {
      if (r.getName().equals(name) && r.getType() == Value.Type.RANGES) {
        union = Values.add(union, r.getRanges());
      }
    }
    return union;
  }

  /** The union of a set resource over all roles and reservations. */
  public Value.Set set(String name) {
    Value.Set union = Value.Set.getDefaultInstance();
    for (Resource r : resources) {
      if (r.getName().equals(name) && r.getType() == Value.Type.SET) {
        union = Values.add(union, r.getSet());
      }
    }
    return union;
  }

  public Set<String> names() {
    Set<String> names = new TreeSet<>();
    resources.forEach(r -> names.add(r.getName()));
    return names;
  }

  public Resources filter(Predicate<Resource> predicate) {
    List<Resource> out = new ArrayList<>();
    for (Resource r : resources) {
      if (predicate.test(r)) {
        out.add(r);
      }
    }
    return new Resources(out);
  }

  public boolean isEmpty() {
    return resources.isEmpty();
  }

  public int size() {
    return resources.size();
  }

  /** The entries as protobufs, one per identity, in the order they were first added. */
  public List<Resource> toList() {
    return resources;
  }

  @Override
  public Iterator<Resource> iterator() {
    return resources.iterator();
  }

  /**
   * The flat form {@code /master/state} uses: {@code cpus}, {@code mem}, {@code disk} and {@code
   * gpus} always (0.0 when absent), then the other scalars, ranges and sets, each group by name; a
   * name is summed over roles; revocable resources appear as {@code <name>_revocable}. Scalars are
   * {@code Double}s, ranges and sets their Mesos text ({@code "[31000-32000]"}, {@code "{a, b}"}).
   */
  public Map<String, Object> toStateJson() {
    Map<String, Long> scalars = new TreeMap<>();
    Map<String, Value.Ranges> ranges = new TreeMap<>();
    Map<String, Value.Set> sets = new TreeMap<>();
    for (Resource r : resources) {
      String name = r.getName() + (r.hasRevocable() ? "_revocable" : "");
      switch (r.getType()) {
        case SCALAR:
          scalars.merge(name, Values.toFixed(r.getScalar().getValue()), Long::sum);
          break;
        case RANGES:
          ranges.merge(name, r.getRanges(), Values::add);
          break;
        default:
          sets.merge(name, r.getSet(), Values::add);
          break;
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    for (String name : STATE_SCALARS) {
      json.put(name, Values.fromFixed(scalars.getOrDefault(name, 0L)));
    }
    scalars.forEach((name, fixed) -> json.putIfAbsent(name, Values.fromFixed(fixed)));
    ranges.forEach((name, value) -> json.putIfAbsent(name, Values.format(value)));
    sets.forEach((name, value) -> json.putIfAbsent(name, Values.format(value)));
    return json;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Resources
        && ((Resources) o).resources.size() == resources.size()
        && contains((Resources) o)
        && ((Resources) o).contains(this);
  }

  /** Independent of entry order and of set item order, as {@link #equals} is. */
  @Override
  public int hashCode() {
    int hash = 0;
    for (Resource r : resources) {
      Resource.Builder b = r.toBuilder();
      if (r.hasSet()) {
        b.setSet(Value.Set.newBuilder().addAllItem(new TreeSet<>(r.getSet().getItemList())));
      }
      hash += b.build().hashCode();
    }
    return hash;
  }

  /** Mesos's text form, e.g. {@code cpus:4; mem(ops):1024; ports:[31000-32000]}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (Resource r : resources) {
      StringBuilder s = new StringBuilder(r.getName());
      String role =
          r.getReservationsCount() > 0
              ? r.getReservations(r.getReservationsCount() - 1).getRole()
              : r.getRole();
      if (!role.equals(ResourceParser.UNRESERVED)) {
        s.append('(').append(role).append(')');
      }
      if (r.hasRevocable()) {
        s.append("{REV}");
      }
      s.append(':');
      switch (r.getType()) {
        case SCALAR:
          s.append(Values.format(r.getScalar()));
          break;
        case RANGES:
          s.append(Values.format(r.getRanges()));
          break;
        default:
          s.append(Values.format(r.getSet()));
          break;
      }
      parts.add(s.toString());
    }
    return String.join("; ", parts);
  }

  /** Rounds scalars to fixed point and coalesces ranges, so equal amounts have equal protobufs. */
  private static Resource normalize(Resource r) {
    switch (r.getType()) {
      case SCALAR:
        return r.toBuilder()
            .setScalar(Values.scalar(Values.round(r.getScalar().getValue())))
            .build();
      case RANGES:
        return r.toBuilder().setRanges(Values.coalesce(r.getRanges())).build();
      default:
        return r;
    }
  }

  private static boolean isEmpty(Resource r) {
    switch (r.getType()) {
      case SCALAR:
        return Values.toFixed(r.getScalar().getValue()) <= 0;
      case RANGES:
        return r.getRanges().getRangeCount() == 0;
      default:
        return r.getSet().getItemCount() == 0;
    }
  }

  private static void addTo(List<Resource> entries, Resource r) {
    if (isEmpty(r)) {
      return;
    }
    for (int i = 0; i < entries.size(); i++) {
      Resource mine = entries.get(i);
      if (isDivisible(mine) && isDivisible(r) && sameIdentity(mine, r)) {
        entries.set(i, withValue(mine, sum(mine, r)));
        return;
      }
    }
    entries.add(r);
  }

  private static void subtractFrom(List<Resource> entries, Resource r) {
    for (int i = 0; i < entries.size(); i++) {
      Resource mine = entries.get(i);
      if (subtractable(mine, r)) {
        Resource rest = withValue(mine, difference(mine, r));
        if (isEmpty(rest)) {
          entries.remove(i);
        } else {
          entries.set(i, rest);
        }
        return;
      }
    }
  }

  private static boolean contains(Resource mine, Resource r) {
    if (!subtractable(mine, r)) {
      return false;
    }
    switch (mine.getType()) {
      case SCALAR:
        return Values.contains(mine.getScalar(), r.getScalar());
      case RANGES:
        return Values.contains(mine.getRanges(), r.getRanges());
      default:
        return Values.contains(mine.getSet(), r.getSet());
    }
  }

  private static boolean subtractable(Resource mine, Resource r) {
    if (!sameIdentity(mine, r)) {
      return false;
    }
    return isDivisible(mine) || mine.equals(r);
  }

  /**
   * Mesos never merges or splits persistent volumes, MOUNT disks (each is a whole device) or shared
   * resources (their identical copies count uses).
   */
  private static boolean isDivisible(Resource r) {
    if (r.hasShared()) {
      return false;
    }
    if (!r.hasDisk()) {
      return true;
    }
    Resource.DiskInfo disk = r.getDisk();
    return !disk.hasPersistence()
        && !(disk.hasSource() && disk.getSource().getType() == Resource.DiskInfo.Source.Type.MOUNT);
  }

  private static boolean sameIdentity(Resource a, Resource b) {
    return a.getName().equals(b.getName())
        && a.getType() == b.getType()
        // getRole() reads an unset role as its default "*", so both spellings of unreserved match.
        && a.getRole().equals(b.getRole())
        && a.hasReservation() == b.hasReservation()
        && a.getReservation().equals(b.getReservation())
        && a.getReservationsList().equals(b.getReservationsList())
        && a.hasAllocationInfo() == b.hasAllocationInfo()
        && a.getAllocationInfo().equals(b.getAllocationInfo())
        && a.hasDisk() == b.hasDisk()
        && a.getDisk().equals(b.getDisk())
        && a.hasRevocable() == b.hasRevocable()
        && a.hasShared() == b.hasShared()
        && a.hasProviderId() == b.hasProviderId()
        && a.getProviderId().equals(b.getProviderId());
  }

  private static Resource withValue(Resource r, Object value) {
    switch (r.getType()) {
      case SCALAR:
        return r.toBuilder().setScalar((Value.Scalar) value).build();
      case RANGES:
        return r.toBuilder().setRanges((Value.Ranges) value).build();
      default:
        return r.toBuilder().setSet((Value.Set) value).build();
    }
  }

  private static Object sum(Resource a, Resource b) {
    switch (a.getType()) {
      case SCALAR:
        return Values.add(a.getScalar(), b.getScalar());
      case RANGES:
        return Values.add(a.getRanges(), b.getRanges());
      default:
        return Values.add(a.getSet(), b.getSet());
    }
  }

  private static Object difference(Resource a, Resource b) {
    switch (a.getType()) {
      case SCALAR:
        return Values.subtract(a.getScalar(), b.getScalar());
      case RANGES:
        return Values.subtract(a.getRanges(), b.getRanges());
      default:
        return Values.subtract(a.getSet(), b.getSet());
    }
  }
}
