package chatnode.presence;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The departures of a draining node's users, held for a grace period: their clients were told
 * (1012) to reconnect at once to another node, so a user back within it never appears to have left
 * (no {@code member} leave and join for the room's other users, no {@code offline} and
 * {@code online} for its watchers): a drain of a node with N members of a room then costs no N×N
 * member frames. A user not back by then gets its departure announced, late. Owned by the presence
 * verticle's event loop.
 */
final class DrainGrace {
  /** Departures held at once; past it they are announced at once. */
  private static final int MAX_HELD = 100_000;
  private static final int MAX_DRAINING = 1_000;

  /** A user's presence ({@code room} null) or membership of a room. */
  private record Key(String user, String room) {}

  private final Vertx vertx;
  private final long graceMs;
  private final Consumer<Registry.Transition> announce;
  private final Set<String> draining = new LinkedHashSet<>();
  /** Held departures and the timer that announces each. */
  private final Map<Key, Long> held = new HashMap<>();

  DrainGrace(Vertx vertx, long graceMs, Consumer<Registry.Transition> announce) {
    this.vertx = vertx;
    this.graceMs = graceMs;
    this.announce = announce;
  }

  /** {@code node} said it drains: the departures of its sessions are held from now on. */
  void draining(String node) {
    draining.add(node);
    if (draining.size() > MAX_DRAINING) {
      draining.remove(draining.iterator().next());
    }
  }

  /**
   * A transition of the registry, caused by a change of {@code node}'s sessions: a departure from
   * a draining node is held; an arrival that a held departure of the same user and room awaits
   * cancels it and is not announced either; everything else is announced now.
   */
  void transition(String node, Registry.Transition t) {
    Key key = new Key(t.user(), t.room());
    if (t.up()) {
      Long timer = held.remove(key);
      if (timer == null) {
        announce.accept(t);
      } else {
        vertx.cancelTimer(timer);
      }
    } else if (graceMs > 0 && draining.contains(node) && held.size() < MAX_HELD && !held.containsKey(key)) {
      held.put(key, vertx.setTimer(graceMs, id -> {
        held.remove(key);
        announce.accept(t);
      }));
    } else {
      announce.accept(t);
    }
  }
}
