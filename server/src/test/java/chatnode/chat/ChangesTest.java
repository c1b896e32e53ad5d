package chatnode.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Http;
import chatnode.testing.NodeExtension;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Edits, deletions and reactions, and the change stream they make: what each frame does, and every refusal taking nothing. */
@ExtendWith(VertxExtension.class)
class ChangesTest {
  @RegisterExtension
  static final NodeExtension shared = new NodeExtension("--rate-limit", "10000", "--rate-burst", "10000");
  static TestNode node;

  @BeforeAll
  static void start() {
    node = shared.node();
  }

  /** Posts {@code text} and returns its seq. */
  private static long say(TestClient c, String room, String text) {
    c.say(room, text, text);
    return c.answer(text).getLong("seq");
  }

  private static long rev(JsonObject ack) {
    assertEquals("ack", ack.getString("type"), ack::encode);
    return ack.getLong("rev");
  }

  private static String refusal(JsonObject answer) {
    assertEquals("error", answer.getString("type"), answer::encode);
    return answer.getString("code");
  }

  private static JsonObject frame(TestClient c, String type, long rev) {
    return c.await(f -> type.equals(f.getString("type")) && f.getLong("rev") == rev);
  }

  private static List<JsonObject> history(String where, String user) {
    String path = where.startsWith("@") ? "/api/dms/" + where.substring(1) : "/api/rooms/" + where;
    return Http.get(node.url() + path + "/messages", node.token(user)).body().getJsonArray("messages").stream()
        .map(JsonObject.class::cast).toList();
  }

  private static JsonObject changes(TestClient c, String where, long after, Integer limit) {
    JsonObject frame = TestClient.target("changes", where).put("after", after).put("ref", "ch" + after);
    c.send(limit == null ? frame : frame.put("limit", limit));
    return c.await(f -> ("ch" + after).equals(f.getString("ref")));
  }

  @Test
  @DisplayName("the author edits: everyone sees edited with the new text and a rev; history has the text and editedAt; no one else may")
  void edit(Vertx vertx) {
    try (TestClient ann = TestClient.login(vertx, node, "ann_ed"); TestClient bob = TestClient.login(vertx, node, "bob_ed")) {
      ann.join("edits");
      bob.join("edits");
      long seq = say(ann, "edits", "helo");
      ann.edit("edits", seq, "  hello  ", "e1");
      assertEquals(1, rev(ann.answer("e1")));
      JsonObject edited = frame(bob, "edited", 1);
      assertEquals("hello", edited.getString("text"), "trimmed as say trims");
      assertEquals(seq, edited.getLong("seq"));
      assertEquals("edits", edited.getString("room"));
      assertTrue(edited.getLong("editedAt") > 0);

      bob.edit("edits", seq, "hijacked", "e2");
      assertEquals("forbidden", refusal(bob.answer("e2")));
      bob.edit("edits", 99, "nothing", "e3");
      assertEquals("not_found", refusal(bob.answer("e3")));
      ann.edit("edits", seq, "", "e4");
      assertEquals("bad_request", refusal(ann.answer("e4")));
      ann.send(TestClient.frame("edit").put("room", "edits").put("text", "no seq").put("ref", "e5"));
      assertEquals("bad_request", refusal(ann.answer("e5")));

      ann.edit("edits", seq, "hello, world", "e6");
      assertEquals(2, rev(ann.answer("e6")), "the refusals took no rev");
      JsonObject stored = history("edits", "bob_ed").get(0);
      assertEquals("hello, world", stored.getString("text"));
      assertEquals(frame(bob, "edited", 2).getLong("editedAt"), stored.getLong("editedAt"));
    }
  }

  @Test
  @DisplayName("delete: the author, a moderator or owner who outranks the author, an admin; the text goes, also from the stream's edits, and so do reactions")
  void delete(Vertx vertx) {
    String room = "del-room";
    assertEquals(201, Http.post(node.url() + "/api/rooms", node.token("own_dl"), new JsonObject().put("room", room).put("visibility", "public")).status());
    for (String[] member : List.of(new String[] {"mod_dl", "moderator"}, new String[] {"mem_dl", "member"})) {
      Http.get(node.url() + "/api/me", node.token(member[0]));
      assertEquals(200, Http.post(node.url() + "/api/rooms/" + room + "/members", node.token("own_dl"),
          new JsonObject().put("user", member[0]).put("role", member[1])).status());
    }
    try (TestClient owner = TestClient.login(vertx, node, "own_dl"); TestClient mod = TestClient.login(vertx, node, "mod_dl");
        TestClient mem = TestClient.login(vertx, node, "mem_dl"); TestClient admin = TestClient.login(vertx, node, "adm_dl", "admin")) {
      List.of(owner, mod, mem, admin).forEach(c -> c.join(room));
      long byOwner = say(owner, room, "the owner's");
      long byMember = say(mem, room, "a member's");
      long own = say(mem, room, "mine");
      long byMod = say(mod, room, "the moderator's");
      mem.edit(room, byMember, "a member's, edited", "e");
      assertEquals(1, rev(mem.answer("e")));
      owner.react(room, byMember, "👍", true, "r");
      assertEquals(2, rev(owner.answer("r")));

      mem.delete(room, byMod, "d1");
      assertEquals("forbidden", refusal(mem.answer("d1")), "a member deletes only its own");
      mod.delete(room, byOwner, "d2");
      assertEquals("forbidden", refusal(mod.answer("d2")), "a moderator does not outrank an owner");
      mod.delete(room, byMember, "d3");
      assertEquals(3, rev(mod.answer("d3")));
      JsonObject deleted = frame(owner, "deleted", 3);
      assertEquals(byMember, deleted.getLong("seq"));
      mem.delete(room, own, "d4");
      assertEquals(4, rev(mem.answer("d4")));
      owner.delete(room, byMod, "d5");
      assertEquals(5, rev(owner.answer("d5")));
      admin.delete(room, byOwner, "d6");
      assertEquals(6, rev(admin.answer("d6")));

      mem.delete(room, own, "again");
      assertEquals("not_found", refusal(mem.answer("again")));
      mem.edit(room, own, "back", "edit-deleted");
      assertEquals("not_found", refusal(mem.answer("edit-deleted")));
      owner.react(room, own, "👍", true, "react-deleted");
      assertEquals("not_found", refusal(owner.answer("react-deleted")));

      JsonObject stored = history(room, "own_dl").get(1);
      assertEquals("", stored.getString("text"));
      assertTrue(stored.getBoolean("deleted"));
      assertNull(stored.getValue("reactions"));
      assertNull(stored.getValue("editedAt"));
      JsonObject edit = changes(owner, room, 0, 1).getJsonArray("changes").getJsonObject(0);
      assertEquals("edited", edit.getString("type"));
      assertEquals("", edit.getString("text"), "a deleted message's text is gone from its edits too");
      owner.react(room, byOwner, "x", true, "next");
      assertEquals("not_found", refusal(owner.answer("next")));
      long last = say(owner, room, "still here");
      owner.react(room, last, "✅", true, "last");
      assertEquals(7, rev(owner.answer("last")), "the refusals took no rev");
    }
  }

  @Test
  @DisplayName("react: on and off with the resulting count; the same twice changes nothing and takes no rev; emoji rules; 20 different at most")
  void react(Vertx vertx) {
    try (TestClient ann = TestClient.login(vertx, node, "ann_rx"); TestClient bob = TestClient.login(vertx, node, "bob_rx")) {
      ann.join("reacts");
      bob.join("reacts");
      long seq = say(ann, "reacts", "lunch?");
      ann.react("reacts", seq, "👍", true, "a1");
      assertEquals(1, rev(ann.answer("a1")));
      bob.react("reacts", seq, "👍", true, "b1");
      assertEquals(2, rev(bob.answer("b1")));
      JsonObject second = frame(ann, "reaction", 2);
      assertEquals(List.of("👍", "bob_rx", true, 2), List.of(second.getString("emoji"), second.getString("user"),
          second.getBoolean("on"), second.getInteger("count")));
      bob.react("reacts", seq, "👍", true, "b2");
      JsonObject unchanged = bob.answer("b2");
      assertEquals("ack", unchanged.getString("type"));
      assertFalse(unchanged.containsKey("rev"), "nothing changed: no rev");
      ann.react("reacts", seq, "🍕", false, "a2");
      assertFalse(ann.answer("a2").containsKey("rev"), "taking back what is not there changes nothing");

      JsonObject reactions = history("reacts", "ann_rx").get(0).getJsonObject("reactions");
      assertEquals(new JsonObject().put("👍", new JsonObject().put("count", 2).put("me", true)), reactions);
      bob.react("reacts", seq, "👍", false, "b3");
      assertEquals(3, rev(bob.answer("b3")));
      assertEquals(1, frame(ann, "reaction", 3).getInteger("count"));
      assertEquals(new JsonObject().put("count", 1).put("me", false),
          history("reacts", "bob_rx").get(0).getJsonObject("reactions").getJsonObject("👍"));

      for (Object bad : List.of("", " ", "a b", "🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂", "\u0007", 5)) {
        ann.send(TestClient.frame("react").put("room", "reacts").put("seq", seq).put("emoji", bad).put("on", true).put("ref", "bad"));
        assertEquals("bad_request", refusal(ann.answer("bad")), () -> "emoji " + bad);
      }
      ann.send(TestClient.frame("react").put("room", "reacts").put("seq", seq).put("emoji", "👍").put("on", "yes").put("ref", "on"));
      assertEquals("bad_request", refusal(ann.answer("on")));
      ann.react("reacts", seq, "👩‍👩‍👧‍👦", true, "family");
      assertEquals(4, rev(ann.answer("family")), "an emoji of seven code points is one");
      for (int i = 0; i < 18; i++) {
        ann.react("reacts", seq, ":r" + i + ":", true, "many" + i);
        assertEquals(5 + i, rev(ann.answer("many" + i)));
      }
      bob.react("reacts", seq, "🎉", true, "21st");
      assertEquals("forbidden", refusal(bob.answer("21st")));
      bob.react("reacts", seq, ":r0:", true, "existing");
      assertEquals(23, rev(bob.answer("existing")), "one of the 20 may still be added to");
    }
  }

  @Test
  @DisplayName("a private room: a non-member may not edit, delete, react or read changes; a muted member may neither edit nor react")
  void privateAndMuted(Vertx vertx) {
    String room = "hidden-changes";
    assertEquals(201, Http.post(node.url() + "/api/rooms", node.token("own_pv"), new JsonObject().put("room", room)
        .put("visibility", "private")).status());
    Http.get(node.url() + "/api/me", node.token("str_pv"));
    try (TestClient owner = TestClient.login(vertx, node, "own_pv"); TestClient stranger = TestClient.login(vertx, node, "str_pv")) {
      owner.join(room);
      long seq = say(owner, room, "secret");
      stranger.edit(room, seq, "x", "e");
      stranger.delete(room, seq, "d");
      stranger.react(room, seq, "👍", true, "r");
      assertEquals(List.of("forbidden", "forbidden", "forbidden"),
          List.of(refusal(stranger.answer("e")), refusal(stranger.answer("d")), refusal(stranger.answer("r"))));
      assertEquals("forbidden", refusal(changes(stranger, room, 0, null)));

      String admin = node.token("adm_pv", "admin");
      assertEquals(200, Http.call("PUT", node.url() + "/api/admin/users/own_pv/mute", admin,
          new JsonObject().put("room", room).put("minutes", 5).encode()).status());
      owner.edit(room, seq, "muted edit", "me");
      owner.react(room, seq, "👍", true, "mr");
      assertEquals(List.of("forbidden", "forbidden"), List.of(refusal(owner.answer("me")), refusal(owner.answer("mr"))));
      owner.delete(room, seq, "md");
      assertEquals(1, rev(owner.answer("md")), "a muted author may still delete, and nothing before took a rev");
    }
  }

  @Test
  @DisplayName("a DM conversation: its two users change it, the frames name from and to; changes {with} pages its stream")
  void direct(Vertx vertx) {
    Http.get(node.url() + "/api/me", node.token("eve_dx"));
    try (TestClient cid = TestClient.login(vertx, node, "cid_dx"); TestClient dot = TestClient.login(vertx, node, "dot_dx");
        TestClient eve = TestClient.login(vertx, node, "eve_dx")) {
      cid.dm("dot_dx", "tea?", "t");
      long seq = cid.answer("t").getLong("seq");
      cid.edit("@dot_dx", seq, "tea at 5?", "e");
      assertEquals(1, rev(cid.answer("e")));
      JsonObject edited = frame(dot, "edited", 1);
      assertEquals(List.of("cid_dx", "dot_dx"), List.of(edited.getString("from"), edited.getString("to")));
      dot.react("@cid_dx", seq, "🍵", true, "r");
      assertEquals(2, rev(dot.answer("r")));
      assertEquals("dot_dx", frame(cid, "reaction", 2).getString("user"));
      dot.edit("@cid_dx", seq, "not mine", "x");
      assertEquals("forbidden", refusal(dot.answer("x")));
      dot.delete("@cid_dx", seq, "y");
      assertEquals("forbidden", refusal(dot.answer("y")), "only its author deletes a DM");
      eve.react("@cid_dx", seq, "👀", true, "z");
      assertEquals("not_found", refusal(eve.answer("z")), "eve's conversation with cid has no such message");
      cid.send(TestClient.frame("react").put("with", "cid_dx").put("seq", seq).put("emoji", "x").put("on", true).put("ref", "self"));
      assertEquals("bad_request", refusal(cid.answer("self")));
      cid.delete("@dot_dx", seq, "d");
      assertEquals(3, rev(cid.answer("d")));
      eve.expectSilence(200);

      List<Long> revs = changes(dot, "@cid_dx", 0, 2).getJsonArray("changes").stream().map(c -> ((JsonObject) c).getLong("rev")).toList();
      assertEquals(List.of(1L, 2L), revs);
      JsonObject rest = changes(dot, "@cid_dx", 2, 2);
      assertEquals("cid_dx", rest.getString("with"));
      assertEquals(List.of("deleted"), rest.getJsonArray("changes").stream().map(c -> ((JsonObject) c).getString("type")).toList());
      assertTrue(history("@cid_dx", "dot_dx").get(0).getBoolean("deleted"));
    }
  }

  @Test
  @DisplayName("after the edit window the author may no longer edit: forbidden, and the refusal takes no rev")
  void editWindow(Vertx vertx, @TempDir Path data) {
    try (TestNode closed = TestNode.start(data, "--edit-window-minutes", "0");
        TestClient ann = TestClient.login(vertx, closed, "ann_ew")) {
      ann.join("window");
      long seq = say(ann, "window", "typo");
      ann.edit("window", seq, "fixed", "e");
      assertEquals("forbidden", refusal(ann.answer("e")));
      ann.react("window", seq, "👍", true, "r");
      assertEquals(1, rev(ann.answer("r")), "the refused edit took no rev");
      assertEquals("typo", Http.get(closed.url() + "/api/rooms/window/messages", closed.token("ann_ew")).body()
          .getJsonArray("messages").getJsonObject(0).getString("text"));
    }
  }

  @Test
  @DisplayName("join with since and sinceRev: the messages after since, then every change after sinceRev, then live, each once, in order")
  void resume(Vertx vertx) {
    try (TestClient ann = TestClient.login(vertx, node, "ann_rs")) {
      JsonObject joined = ann.join("resume-room");
      assertEquals(0, joined.getLong("rev"));
      long first = say(ann, "resume-room", "one");
      ann.react("resume-room", first, "👍", true, "r1");
      assertEquals(1, rev(ann.answer("r1")));
      try (TestClient away = TestClient.login(vertx, node, "bob_rs")) {
        assertEquals(1, away.join("resume-room").getLong("rev"));
      }
      ann.edit("resume-room", first, "one!", "e");
      long second = say(ann, "resume-room", "two");
      ann.edit("resume-room", second, "two!", "e2");
      ann.react("resume-room", second, "🎉", true, "r2");
      assertEquals(4, rev(ann.answer("r2")));

      try (TestClient back = TestClient.login(vertx, node, "bob_rs")) {
        back.send(TestClient.frame("join").put("room", "resume-room").put("since", first).put("sinceRev", 1));
        JsonObject again = back.expect("joined");
        assertEquals(4, again.getLong("rev"));
        JsonObject message = back.expect("message");
        assertEquals(List.of(second, "two!"), List.of(message.getLong("seq"), message.getString("text")), "the message as it is now");
        assertEquals(1, message.getJsonObject("reactions").getJsonObject("🎉").getInteger("count"));
        List<String> stream = List.of(back.expect("edited"), back.expect("edited"), back.expect("reaction")).stream()
            .map(f -> f.getLong("rev") + ":" + f.getLong("seq")).toList();
        assertEquals(List.of("2:" + first, "3:" + second, "4:" + second), stream);
        ann.react("resume-room", first, "👍", false, "live");
        assertEquals(5, frame(back, "reaction", 5).getLong("rev"));
        back.expectSilence(200);

        back.send(TestClient.frame("join").put("room", "resume-room").put("sinceRev", 1).put("ref", "j"));
        assertEquals("bad_request", refusal(back.answer("j")));
      }
    }
  }
}
