package chatnode.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RegistryTest {
  private static Registry.Transition presence(String user, boolean up) {
    return new Registry.Transition(user, null, up);
  }

  private static Registry.Transition member(String user, String room, boolean up) {
    return new Registry.Transition(user, room, up);
  }

  @Test
  @DisplayName("presence and member events come at a user's first session in and last session out, across nodes")
  void firstInLastOut() {
    Registry r = new Registry();
    assertEquals(List.of(presence("ann", true)), r.open("s1", "ann", "n1", 0, "a"));
    assertEquals(List.of(), r.open("s2", "ann", "n2", 0, "a"), "a second session, on another node");
    assertEquals(List.of(), r.open("s1", "ann", "n1", 0, "a"), "the same session again changes nothing");
    assertEquals(List.of(member("ann", "lobby", true)), r.join("s1", "lobby"));
    assertEquals(List.of(), r.join("s2", "lobby"));
    assertEquals(List.of(), r.leave("s1", "lobby"));
    assertEquals(List.of("ann"), r.members("lobby"));
    assertEquals(List.of(), r.close("s1"));
    assertEquals(List.of(member("ann", "lobby", false), presence("ann", false)), r.close("s2"));
    assertEquals(List.of(), r.members("lobby"));
    assertEquals(0, r.sessionsOfUser("ann"));
  }

  @Test
  @DisplayName("a node's snapshot replaces what was known of it; an empty one is that node gone")
  void replaceNode() {
    Registry r = new Registry();
    r.open("s1", "ann", "n1", 0, "a");
    r.join("s1", "lobby");
    r.open("s2", "ben", "n1", 0, "b");
    r.open("s3", "cat", "n2", 0, "c");
    List<Registry.Transition> changes = r.replaceNode("n1",
        Map.of("s2", new Registry.Session("s2", "ben", "n1", 0, "b", new HashSet<>(Set.of("lobby")))));
    assertEquals(Set.of(member("ann", "lobby", false), presence("ann", false), member("ben", "lobby", true)), Set.copyOf(changes));
    assertEquals(Set.of(member("ben", "lobby", false), presence("ben", false)), Set.copyOf(r.replaceNode("n1", Map.of())));
    assertFalse(r.online("ben"));
    assertTrue(r.online("cat"), "another node's sessions stay");
    assertEquals(1, r.countOn("n2"));
  }
}
