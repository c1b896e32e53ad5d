package chatnode.web;

import chatnode.testing.NodeScript;
import chatnode.testing.Relay;
import chatnode.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    // The bystander's rounds come one after another faster than the default frame rate allows one session (the client paces itself).
    try (TestCluster cluster = TestCluster.start(3, data, "jsresume", "--rate-limit", "1000", "--rate-burst", "1000")) {
      String urls = "ws://127.0.0.1:" + cluster.node(0).port() + "/ws,ws://127.0.0.1:" + cluster.node(1).port() + "/ws";
      try (NodeScript app = NodeScript.run(APP, Map.of(), urls, cluster.token("js_alice"), Relay.ROOM);
           Relay relay = new Relay(vertx, cluster, 2, "js_bob", "js_alice")) {
        app.await("ready");
        relay.round(10);
        cluster.node(0).kill(); // the node the client is on, with no goodbye
        relay.round(10);
        app.await(line -> line.contains("\"state\":\"online\""), RECONNECT_MS);
        cluster.restart(0);
        relay.round(10);
        cluster.node(1).close(); // SIGTERM: the node the client moved to drains, and closes with 1012
        relay.round(10);
        app.await(line -> line.contains("\"state\":\"online\""), RECONNECT_MS);
        relay.round(10);
        app.tell("stop");
        int posted = Integer.parseInt(app.await(line -> line.startsWith("stopped after "), RECONNECT_MS).substring(14));
        app.tell("report");
        JsonObject report = new JsonObject(app.await("report ").substring(7));
        relay.check(objects(report.getJsonArray("messages")), objects(report.getJsonArray("dms")), strings(report.getJsonArray("acked")),
            strings(report.getJsonArray("unknown")), strings(report.getJsonArray("failed")), posted);
      }
    }
  }

  static List<JsonObject> objects(JsonArray array) {
    return array.stream().map(JsonObject.class::cast).toList();
  }

  static List<String> strings(JsonArray array) {
    return array.stream().map(String.class::cast).toList();
  }
}
