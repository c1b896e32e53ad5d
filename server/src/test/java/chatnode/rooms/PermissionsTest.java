package chatnode.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.bus.RoomRequests.Caller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every kind of caller against every decision, on public and private rooms: the whole matrix, written out. */
class PermissionsTest {
  /** The callers, each with their role in the room (null: not a member). */
  private static final Map<String, Object[]> CALLERS = new LinkedHashMap<>();

  static {
    CALLERS.put("stranger", new Object[] {new Caller("eve", false, false), null});
    CALLERS.put("member", new Object[] {new Caller("bob", false, false), Role.MEMBER});
    CALLERS.put("moderator", new Object[] {new Caller("cat", false, false), Role.MODERATOR});
    CALLERS.put("owner", new Object[] {new Caller("ann", false, false), Role.OWNER});
    CALLERS.put("admin", new Object[] {new Caller("root", true, false), null});
    CALLERS.put("service", new Object[] {new Caller("svc", false, true), null});
  }

  private interface Decision {
    boolean allowed(Caller caller, Role role);
  }

  private static String row(Decision decision) {
    List<String> cells = new ArrayList<>();
    CALLERS.values().forEach(c -> cells.add(decision.allowed((Caller) c[0], (Role) c[1]) ? "yes" : "no"));
    return String.join(" ", cells);
  }

  @Test
  @DisplayName("who may see (details, members, history, join) a public and a private room")
  void see() {
    //                                                                     stranger member moderator owner admin service
    assertEquals("yes yes yes yes yes yes", row((c, r) -> Permissions.maySee(c, Visibility.PUBLIC, r)));
    assertEquals("no yes yes yes yes yes", row((c, r) -> Permissions.maySee(c, Visibility.PRIVATE, r)));
  }

  @Test
  @DisplayName("who may change a room, add members and moderators, and change roles")
  void manage() {
    assertEquals("no no no yes yes no", row(Permissions::mayUpdate));
    assertEquals("no no yes yes yes yes", row((c, r) -> Permissions.mayAdd(c, r, Role.MEMBER)));
    assertEquals("no no no yes yes yes", row((c, r) -> Permissions.mayAdd(c, r, Role.MODERATOR)));
    assertEquals("no no no yes yes yes", row((c, r) -> Permissions.mayAdd(c, r, Role.OWNER)));
    assertEquals("no no no yes yes no", row(Permissions::maySetRole));
  }

  @Test
  @DisplayName("who may remove a member, a moderator, an owner, and themselves")
  void remove() {
    assertEquals("no no yes yes yes yes", row((c, r) -> Permissions.mayRemove(c, r, "zed", Role.MEMBER)));
    assertEquals("no no no yes yes yes", row((c, r) -> Permissions.mayRemove(c, r, "zed", Role.MODERATOR)));
    assertEquals("no no no yes yes yes", row((c, r) -> Permissions.mayRemove(c, r, "zed", Role.OWNER)));
    assertEquals("yes yes yes yes yes yes", row((c, r) -> Permissions.mayRemove(c, r, c.user(), r)), "anyone may part");
  }

  @Test
  @DisplayName("who may moderate (delete a message of, mute in the room) a non-member, a member, a moderator, an owner")
  void moderate() {
    assertEquals("no no yes yes yes no", row((c, r) -> Permissions.mayModerate(c.admin(), r, null)));
    assertEquals("no no yes yes yes no", row((c, r) -> Permissions.mayModerate(c.admin(), r, Role.MEMBER)));
    assertEquals("no no no yes yes no", row((c, r) -> Permissions.mayModerate(c.admin(), r, Role.MODERATOR)));
    assertEquals("no no no no yes no", row((c, r) -> Permissions.mayModerate(c.admin(), r, Role.OWNER)));
  }
}
