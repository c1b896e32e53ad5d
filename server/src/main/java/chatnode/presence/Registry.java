package chatnode.presence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster's sessions as one node knows them: who is online, who is in which room. Every change
 * reports the transitions it causes (a user's first session in / last session out), which is what
 * the protocol's {@code presence} and {@code member} events announce. Single-threaded: owned by
 * the presence verticle.
 */
final class Registry {

  /** A session: its user, the node that holds it, when and from where it connected, and its rooms. */
  record Session(String id, String user, String node, long connectedAt, String remote, Set<String> rooms) {}

  /** A change others must hear of: {@code room} null for presence, else a member event. */
  record Transition(String user, String room, boolean up) {}

  private final Map<String, Session> sessions = new HashMap<>();
  private final Map<String, Set<String>> sessionsByUser = new HashMap<>();
  /** room → user → number of that user's sessions in the room. */
  private final Map<String, Map<String, Integer>> roomUsers = new HashMap<>();

  List<Transition> open(String id, String user, String node, long connectedAt, String remote) {
    if (sessions.containsKey(id)) {
      return List.of();
    }
    sessions.put(id, new Session(id, user, node, connectedAt, remote, new HashSet<>()));
    Set<String> ofUser = sessionsByUser.computeIfAbsent(user, u -> new HashSet<>());
    ofUser.add(id);
    return ofUser.size() == 1 ? List.of(new Transition(user, null, true)) : List.of();
  }

  List<Transition> close(String id) {
    Session s = sessions.remove(id);
    if (s == null) {
      return List.of();
    }
    List<Transition> out = new ArrayList<>();
    for (String room : s.rooms()) {
      leaveRoom(s, room, out);
    }
    Set<String> ofUser = sessionsByUser.get(s.user());
    ofUser.remove(id);
    if (ofUser.isEmpty()) {
      sessionsByUser.remove(s.user());
      out.add(new Transition(s.user(), null, false));
    }
    return out;
  }

  List<Transition> join(String id, String room) {
    Session s = sessions.get(id);
    if (s == null || !s.rooms().add(room)) {
      return List.of();
    }
    Map<String, Integer> users = roomUsers.computeIfAbsent(room, r -> new HashMap<>());
    int count = users.merge(s.user(), 1, Integer::sum);
    return count == 1 ? List.of(new Transition(s.user(), room, true)) : List.of();
  }

  List<Transition> leave(String id, String room) {
    Session s = sessions.get(id);
    if (s == null || !s.rooms().contains(room)) {
      return List.of();
    }
    List<Transition> out = new ArrayList<>();
    leaveRoom(s, room, out);
    s.rooms().remove(room);
    return out;
  }

  private void leaveRoom(Session s, String room, List<Transition> out) {
    Map<String, Integer> users = roomUsers.get(room);
    if (users.merge(s.user(), -1, Integer::sum) == 0) {
      users.remove(s.user());
      out.add(new Transition(s.user(), room, false));
      if (users.isEmpty()) {
        roomUsers.remove(room);
      }
    }
  }

  /**
   * Makes {@code node}'s sessions those of its snapshot (id → session with its rooms): what a
   * node learns from another when it joins the cluster, or when it hears a node is gone (empty).
   */
  List<Transition> replaceNode(String node, Map<String, Session> snapshot) {
    List<Transition> out = new ArrayList<>();
    for (String id : sessionsOf(node)) {
      if (!snapshot.containsKey(id)) {
        out.addAll(close(id));
      }
    }
    for (Session s : snapshot.values()) {
      out.addAll(open(s.id(), s.user(), node, s.connectedAt(), s.remote()));
      for (String room : List.copyOf(sessions.get(s.id()).rooms())) {
        if (!s.rooms().contains(room)) {
          out.addAll(leave(s.id(), room));
        }
      }
      s.rooms().forEach(room -> out.addAll(join(s.id(), room)));
    }
    return out;
  }

  /** Every session held by {@code node}: what a node that died leaves behind. */
  List<String> sessionsOf(String node) {
    return sessions.values().stream().filter(s -> s.node().equals(node)).map(Session::id).toList();
  }

  long countOn(String node) {
    return sessions.values().stream().filter(s -> s.node().equals(node)).count();
  }

  int sessionsOfUser(String user) {
    return sessionsByUser.getOrDefault(user, Set.of()).size();
  }

  boolean online(String user) {
    return sessionsByUser.containsKey(user);
  }

  /** The user of a session, or null when the session is not (or no longer) here. */
  String userOf(String id) {
    Session s = sessions.get(id);
    return s == null ? null : s.user();
  }

  List<String> members(String room) {
    return List.copyOf(roomUsers.getOrDefault(room, Map.of()).keySet());
  }

  Set<String> rooms() {
    return roomUsers.keySet();
  }

  boolean in(String room, String user) {
    return roomUsers.getOrDefault(room, Map.of()).containsKey(user);
  }

  int onlineIn(String room) {
    return roomUsers.getOrDefault(room, Map.of()).size();
  }

  Iterable<Session> sessions() {
    return sessions.values();
  }
}
