package chatnode.gateway;

import static chatnode.testing.TestClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import chatnode.testing.NodeExtension;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets one clear error, changes nothing, and leaves the connection usable. */
@ExtendWith(VertxExtension.class)
class BadInputTest {
  @RegisterExtension
  static final NodeExtension shared = new NodeExtension("--rate-limit", "10000", "--rate-burst", "10000");
  static TestNode node;

  @BeforeAll
  static void start() {
    node = shared.node();
  }

  static Stream<Arguments> badFrames() {
    String longRoom = "r".repeat(65);
    String tooLong = "é".repeat(4001);
    JsonArray tooMany = new JsonArray();
    IntStream.range(0, 201).forEach(i -> tooMany.add("user_" + i));
    return Stream.of(
        Arguments.of("invalid JSON", "{\"type\":", "bad_request"),
        Arguments.of("an array", "[1,2]", "bad_request"),
        Arguments.of("a string", "\"hello\"", "bad_request"),
        Arguments.of("a number", "42", "bad_request"),
        Arguments.of("no type", "{\"room\":\"x\"}", "bad_request"),
        Arguments.of("type not a string", "{\"type\":5}", "bad_request"),
        Arguments.of("unknown type", "{\"type\":\"shout\"}", "bad_request"),
        Arguments.of("second auth", frame("auth").put("token", "x").encode(), "bad_request"),
        Arguments.of("room not a string", frame("join").put("room", 5).encode(), "bad_request"),
        Arguments.of("room with capitals and space", frame("join").put("room", "Bad Room").encode(), "bad_request"),
        Arguments.of("room of 65 characters", frame("join").put("room", longRoom).encode(), "bad_request"),
        Arguments.of("room starting with a dash", frame("join").put("room", "-x").encode(), "bad_request"),
        Arguments.of("negative since", frame("join").put("room", "ok").put("since", -1).encode(), "bad_request"),
        Arguments.of("since as a string", frame("join").put("room", "ok").put("since", "3").encode(), "bad_request"),
        Arguments.of("fractional since", frame("join").put("room", "ok").put("since", 1.5).encode(), "bad_request"),
        Arguments.of("say without text", frame("say").put("room", "bad-input").encode(), "bad_request"),
        Arguments.of("say with blank text", frame("say").put("room", "bad-input").put("text", "  \n ").encode(), "bad_request"),
        Arguments.of("say with text not a string", frame("say").put("room", "bad-input").put("text", 7).encode(), "bad_request"),
        Arguments.of("say with 4001 code points", frame("say").put("room", "bad-input").put("text", tooLong).encode(), "too_large"),
        Arguments.of("say to a room not joined", frame("say").put("room", "not-mine").put("text", "hi").encode(), "not_joined"),
        Arguments.of("shape before state: blank text to a room not joined",
            frame("say").put("room", "not-mine").put("text", " ").encode(), "bad_request"),
        Arguments.of("leave a room not joined", frame("leave").put("room", "not-mine").encode(), "not_joined"),
        Arguments.of("dm to a name outside the rule", frame("dm").put("to", "Bob!").put("text", "hi").encode(), "bad_request"),
        Arguments.of("dm to a short name", frame("dm").put("to", "ab").put("text", "hi").encode(), "bad_request"),
        Arguments.of("dm to an unknown user", frame("dm").put("to", "never_seen").put("text", "hi").encode(), "not_found"),
        Arguments.of("dm to yourself", frame("dm").put("to", "bad_input").put("text", "hi").encode(), "bad_request"),
        Arguments.of("typing to nobody", frame("typing").encode(), "bad_request"),
        Arguments.of("typing to room and user", frame("typing").put("room", "bad-input").put("to", "abc").encode(), "bad_request"),
        Arguments.of("watch without a list", frame("watch").put("users", "abc").encode(), "bad_request"),
        Arguments.of("watch of 201 users", frame("watch").put("users", tooMany).encode(), "bad_request"),
        Arguments.of("watch of a bad name", frame("watch").put("users", new JsonArray().add("OK")).encode(), "bad_request"),
        Arguments.of("history of nothing", frame("history").encode(), "bad_request"),
        Arguments.of("history of room and user", frame("history").put("room", "a").put("with", "abc").encode(), "bad_request"),
        Arguments.of("history with limit 0", frame("history").put("room", "a").put("limit", 0).encode(), "bad_request"),
        Arguments.of("history with limit 201", frame("history").put("room", "a").put("limit", 201).encode(), "bad_request"),
        Arguments.of("history before and after", frame("history").put("room", "a").put("before", 3).put("after", 1).encode(), "bad_request"),
        Arguments.of("history with an unknown user", frame("history").put("with", "never_seen").encode(), "not_found"),
        Arguments.of("ref of 65 characters", frame("ping").put("ref", "x".repeat(65)).encode(), "bad_request"),
        Arguments.of("ref not a string", frame("ping").put("ref", 12).encode(), "bad_request"));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("badFrames")
  @DisplayName("a bad frame is answered by one error and the connection stays usable")
  void badFrame(String name, String text, String code, Vertx vertx) {
    try (TestClient c = TestClient.login(vertx, node, "bad_input")) {
      c.join("bad-input");
      c.sendText(text);
      JsonObject error = c.expectError(code);
      assertFalse(error.getString("message").isEmpty());
      assertFalse(error.containsKey("ref") && !text.contains("\"ref\""), "no ref unless the frame had one");
      c.send(frame("ping").put("ref", "still-here"));
      assertEquals("still-here", c.expect("pong").getString("ref"));
    }
  }

  @Test
  @DisplayName("an error carries the frame's ref only when that ref is valid")
  void refEcho(Vertx vertx) {
    try (TestClient c = TestClient.login(vertx, node, "ref_echo")) {
      c.send(frame("say").put("room", "not-joined").put("text", "x").put("ref", "mine"));
      assertEquals("mine", c.expectError("not_joined").getString("ref"));
      c.send(frame("say").put("room", "not-joined").put("text", "x").put("ref", "y".repeat(65)));
      assertFalse(c.expectError("bad_request").containsKey("ref"));
    }
  }

  @Test
  @DisplayName("a binary frame gets bad_request and the connection stays open")
  void binaryFrame(Vertx vertx) {
    try (TestClient c = TestClient.login(vertx, node, "binary_user")) {
      c.sendBinary(Buffer.buffer("{\"type\":\"ping\"}"));
      c.expectError("bad_request");
      c.send(frame("ping"));
      c.expect("pong");
    }
  }

  @Test
  @DisplayName("refused frames take no seq: the next message of the room is seq 1")
  void refusedFramesChangeNothing(Vertx vertx) {
    try (TestClient c = TestClient.login(vertx, node, "no_change")) {
      c.join("untouched");
      c.send(frame("say").put("room", "untouched").put("text", ""));
      c.expectError("bad_request");
      c.send(frame("say").put("room", "untouched").put("text", "x".repeat(4001)));
      c.expectError("too_large");
      c.say("untouched", "first", "f");
      assertEquals(1, c.awaitType("ack").getLong("seq"));
    }
  }

  @Test
  @DisplayName("a message over 64 KiB closes the connection with 1009, fragmented or not")
  void oversizeFrame(Vertx vertx) {
    try (TestClient c = TestClient.login(vertx, node, "big_frame")) {
      c.sendText(frame("say").put("room", "x").put("text", "y".repeat(70_000)).encode());
      assertEquals(1009, c.awaitClose());
    }
    try (TestClient c = TestClient.login(vertx, node, "big_fragments")) {
      String part = "y".repeat(20_000);
      c.sendFragments("{\"type\":\"say\",\"room\":\"x\",\"text\":\"" + part, part, part, part + "\"}");
      assertEquals(1009, c.awaitClose());
    }
  }
}
