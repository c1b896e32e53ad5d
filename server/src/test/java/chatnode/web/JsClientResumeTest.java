package chatnode.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.NodeScript;
import chatnode.testing.TestClient;
import chatnode.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JavaScript client, run by Node as an application runs it, through what a deployment does to
 * its connection: the node it is on is killed, started again, and then the other node it moved to
 * drains. What the client hands the application is exactly the room's and the DM conversation's
 * messages, once each and in order; and of what it posted, nothing acknowledged is lost or repeated.
 */
@ExtendWith(VertxExtension.class)
class JsClientResumeTest {
  static final Path APP = Path.of("src", "test", "js", "resume.mjs");
  static final long RECONNECT_MS = 60_000;

  @Test
  @DisplayName("across a kill, a restart and a drain the JavaScript client hands over every message and DM once, in order, and loses or repeats no post")
  void resumesAcrossRestartAndDrain(Vertx vertx, @TempDir Path data) {
    // Bob's rounds come one after another faster than the default frame rate allows one session (the client paces itself).
    try (TestCluster cluster = TestCluster.start(3, data, "jsresume", "--rate-limit", "1000", "--rate-burst", "1000")) {
      String urls = "ws://127.0.0.1:" + cluster.node(0).port() + "/ws,ws://127.0.0.1:" + cluster.node(1).port() + "/ws";
      try (NodeScript app = NodeScript.run(APP, Map.of(), urls, cluster.token("js_alice"), "relay");
           TestClient bob = TestClient.login(vertx, cluster, 2, "js_bob")) {
        bob.join("relay");
        app.await("ready");
        Talk talk = new Talk(bob);
        talk.round(10);
        cluster.node(0).kill(); // the node the client is on, with no goodbye
        talk.round(10);
        app.await(line -> line.contains("\"state\":\"online\""), RECONNECT_MS);
        cluster.restart(0);
        talk.round(10);
        cluster.node(1).close(); // SIGTERM: the node the client moved to drains, and closes with 1012
        talk.round(10);
        app.await(line -> line.contains("\"state\":\"online\""), RECONNECT_MS);
        talk.round(10);
        app.tell("stop");
        int posted = Integer.parseInt(app.await(line -> line.startsWith("stopped after "), RECONNECT_MS).substring(14));
        bob.send(TestClient.frame("join").put("room", "relay"));
        long newest = bob.await(f -> "joined".equals(f.getString("type"))).getLong("seq");
        app.tell("report");
        JsonObject report = new JsonObject(app.await("report ").substring(7));

        List<JsonObject> messages = objects(report.getJsonArray("messages"));
        assertEquals(LongStream.rangeClosed(1, newest).boxed().toList(), messages.stream().map(m -> m.getLong("seq")).toList(),
            "the room's messages, each once, in order, none missing");
        assertEquals(List.of(), report.getJsonArray("failed").getList(), "no post failed but for an unknown outcome");
        assertEquals(posted, report.getJsonArray("acked").size() + report.getJsonArray("unknown").size());
        Map<String, Long> times = messages.stream().collect(Collectors.groupingBy(m -> m.getString("text"), Collectors.counting()));
        for (Object text : report.getJsonArray("acked")) {
          assertEquals(1L, times.getOrDefault((String) text, 0L), "acknowledged post " + text + " stored once");
        }
        for (Object outcome : report.getJsonArray("unknown")) {
          String text = ((String) outcome).substring(0, ((String) outcome).indexOf(':'));
          assertTrue(times.getOrDefault(text, 0L) <= 1, "a post whose connection dropped is stored at most once: " + text);
        }
        assertTrue(times.size() == messages.size(), "no text twice: " + times);
        talk.said.forEach(text -> assertEquals(1L, times.getOrDefault(text, 0L), "bob's " + text + " handed over once"));

        List<JsonObject> dms = objects(report.getJsonArray("dms"));
        assertEquals(LongStream.rangeClosed(1, talk.dms).boxed().toList(), dms.stream().map(m -> m.getLong("seq")).toList(),
            "the DM conversation, each once, in order, none missing");
        assertTrue(report.getJsonArray("acked").size() > 0);
      }
    }
  }

  static List<JsonObject> objects(JsonArray array) {
    return array.stream().map(JsonObject.class::cast).toList();
  }

  /** Bob, on the node that stays up, posts into the room and writes to the client's user, each acknowledged before the next. */
  static final class Talk {
    final TestClient bob;
    final List<String> said = new ArrayList<>();
    long dms;

    Talk(TestClient bob) {
      this.bob = bob;
    }

    void round(int n) {
      for (int i = 0; i < n; i++) {
        String text = "bob " + (said.size() + 1);
        bob.say("relay", text, "s" + said.size());
        JsonObject answer = bob.answer("s" + said.size());
        assertEquals("ack", answer.getString("type"), answer::encode);
        said.add(text);
        bob.dm("js_alice", "dm " + (dms + 1), "d" + dms);
        JsonObject dmAnswer = bob.answer("d" + dms);
        assertEquals("ack", dmAnswer.getString("type"), dmAnswer::encode);
        dms++;
      }
    }
  }
}
