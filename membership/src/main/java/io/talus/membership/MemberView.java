package io.talus.membership;

import io.talus.protocol.membership.MemberMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of the other members and the listeners watching it, owned by one event thread.
 *
 * <p>ScaleCube delivers events on its single cluster thread, which also runs pings and gossip; a
 * listener that blocked there would make this node look dead. So ScaleCube's thread only queues a
 * {@link GossipChange} here, and this class's own thread applies it to the view and then tells
 * the listeners. Because the view changes on the same thread that notifies, a new listener gets a
 * replay of exactly the members its later events refer to.
 */
final class MemberView implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MemberView.class);

  private final ExecutorService eventThread;
  private final ConcurrentMap<String, Member> others = new ConcurrentHashMap<>();
  // Touched only on eventThread.
  private final List<MembershipListener> listeners = new ArrayList<>();
  private volatile Thread eventThreadHandle;

  MemberView(String name) {
    this.eventThread =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "talus-membership-events-" + name);
              thread.setDaemon(true);
              eventThreadHandle = thread;
              return thread;
            });
  }

  /** Called on ScaleCube's thread: must not block. */
  void submit(GossipChange change) {
    runOnEventThread(() -> apply(change));
  }

  /** The other members as of the last applied event; safe from any thread. */
  Collection<Member> others() {
    return List.copyOf(others.values());
  }

  Subscription subscribe(MembershipListener listener) {
    runOnEventThread(
        () -> {
          others.values().forEach(member -> notify(listener, MembershipEvent.added(member)));
          listeners.add(listener);
        });
    return () -> runOnEventThread(() -> listeners.remove(listener));
  }

  private void apply(GossipChange change) {
    Member known = others.get(change.id());
    MembershipEvent event =
        switch (change.type()) {
          case ADDED -> upsert(change, known, change.newMetadata());
          case UPDATED -> upsert(change, known, change.newMetadata());
          case LEAVING -> leaving(change, known);
          case REMOVED -> removed(change);
        };
    if (event == null) {
      return;
    }
    LOG.debug("Membership {} {} {}", event.type(), event.member().address(), event.member().id());
    for (MembershipListener listener : List.copyOf(listeners)) {
      notify(listener, event);
    }
  }

  private MembershipEvent upsert(GossipChange change, Member known, MemberMetadata metadata) {
    if (metadata == null) {
      LOG.warn("Ignoring {} of member {} without metadata", change.type(), change.address());
      return null;
    }
    Member member = new Member(change.id(), change.address(), metadata);
    others.put(change.id(), member);
    if (known == null) {
      // An UPDATED for a member we never saw added (its ADDED carried no metadata) is its arrival.
      return MembershipEvent.added(member);
    }
    if (known.metadata().equals(metadata)) {
      return null;
    }
    return MembershipEvent.updated(member, known.metadata());
  }

  private MembershipEvent leaving(GossipChange change, Member known) {
    MemberMetadata metadata =
        change.newMetadata() != null
            ? change.newMetadata()
            : known == null ? null : known.metadata();
    if (metadata == null) {
      return null;
    }
    Member member = new Member(change.id(), change.address(), metadata);
    others.put(change.id(), member);
    return MembershipEvent.leaving(member);
  }

  private MembershipEvent removed(GossipChange change) {
    Member known = others.remove(change.id());
    MemberMetadata metadata =
        change.oldMetadata() != null
            ? change.oldMetadata()
            : known == null ? null : known.metadata();
    if (metadata == null) {
      return null;
    }
    return MembershipEvent.removed(new Member(change.id(), change.address(), metadata));
  }

  private static void notify(MembershipListener listener, MembershipEvent event) {
    try {
      listener.onEvent(event);
    } catch (RuntimeException e) {
      // One faulty listener must not starve the others or stop the event thread.
      LOG.error("Membership listener {} failed on {}", listener, event, e);
    }
  }

  private void runOnEventThread(Runnable task) {
    try {
      eventThread.execute(task);
    } catch (RejectedExecutionException e) {
      LOG.debug("Membership closed; dropping a late event");
    }
  }

  /** Delivers the events already queued (waiting up to {@code timeoutMillis}), then stops. */
  @Override
  public void close() {
    close(1_000);
  }

  void close(long timeoutMillis) {
    eventThread.shutdown();
    if (Thread.currentThread() == eventThreadHandle) {
      return; // a listener closing the membership: the thread ends once this event returns
    }
    try {
      if (!eventThread.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
        LOG.warn("Membership listeners still busy after {} ms; abandoning them", timeoutMillis);
        eventThread.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      eventThread.shutdownNow();
    }
  }
}
