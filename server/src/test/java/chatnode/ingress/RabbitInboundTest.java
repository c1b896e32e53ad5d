package chatnode.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Await;
import chatnode.testing.Http;
import chatnode.testing.Prometheus;
import chatnode.testing.Stores;
import chatnode.testing.TestClient;
import chatnode.testing.TestCluster;
import chatnode.testing.TestNode;
import com.rabbitmq.client.AMQP;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import io.vertx.rabbitmq.RabbitMQOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A RabbitMQ queue as an input, against the RabbitMQ of this machine (127.0.0.1:5672, guest):
 * each message posted once, acknowledged once stored, idempotent by message-id, failures parked.
 */
@ExtendWith(VertxExtension.class)
class RabbitInboundTest {
  static final String URL = "amqp://guest:guest@127.0.0.1:5672";
  RabbitMQClient rabbit;
  String queue;

  @BeforeEach
  void connect(Vertx vertx) {
    Assumptions.assumeTrue(Stores.answers(5672), "RabbitMQ does not answer on 127.0.0.1:5672");
    rabbit = RabbitMQClient.create(vertx, new RabbitMQOptions().setUri(URL));
    Await.result(rabbit.start());
    queue = "test.inbound." + UUID.randomUUID();
    // Declared as the node declares it, so that what is published before the node starts waits in it.
    Await.result(rabbit.queueDeclare(queue, true, false, false));
    Await.result(rabbit.confirmSelect());
  }

  @AfterEach
  void cleanUp() {
    if (rabbit != null) {
      Await.result(rabbit.queueDelete(queue));
      Await.result(rabbit.queueDelete(queue + ".parked"));
      Await.result(rabbit.stop());
    }
  }

  String[] flags(String... more) {
    List<String> all = new java.util.ArrayList<>(List.of("--rabbitmq-url", URL, "--rabbitmq-queue", queue));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** Publishes a message as an application would: JSON, persistent, with its id; confirmed by the broker. */
  void publish(String id, Object body) {
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().messageId(id).contentType("application/json").deliveryMode(2).build();
    Await.result(rabbit.basicPublish("", queue, properties, Buffer.buffer(String.valueOf(body))));
    Await.result(rabbit.waitForConfirms(5_000));
  }

  void publish(String id, String room, String from, String text) {
    publish(id, new JsonObject().put("room", room).put("from", from).put("text", text));
  }

  /** Messages in the queue, acknowledged or not: once its consumers are gone, what they did not acknowledge is back. */
  long left() {
    return Await.result(rabbit.messageCount(queue));
  }

  static List<String> texts(List<JsonObject> messages) {
    return messages.stream().map(m -> m.getString("text")).toList();
  }

  @Test
  @DisplayName("each message is posted into its room in order and acknowledged; malformed ones and one without a message-id are acknowledged and skipped")
  void postsAndAcknowledges(Vertx vertx, @TempDir Path data) {
    try (TestNode node = TestNode.start(data, flags()); TestClient member = TestClient.login(vertx, node, "rabbit_reader")) {
      member.join("alerts");
      publish("m1", "alerts", "monitor", "disk 91%");
      publish("m2", "Bad Room", "monitor", "dropped");
      publish("m3", "not json at all");
      publish(null, "alerts", "monitor", "no id");
      publish("m4", "alerts", "monitor", "disk 95%");
      List<JsonObject> messages = member.collect("message", 2);
      assertEquals(List.of("disk 91%", "disk 95%"), texts(messages));
      assertEquals(List.of(1L, 2L), messages.stream().map(m -> m.getLong("seq")).toList());
      assertEquals("monitor", messages.get(0).getString("from"));
    }
    assertEquals(0, left(), "every message acknowledged, the skipped ones too");
  }

  @Test
  @DisplayName("a message delivered twice with one message-id is stored once")
  void idempotentByMessageId(Vertx vertx, @TempDir Path data) {
    try (TestNode node = TestNode.start(data, flags()); TestClient member = TestClient.login(vertx, node, "rabbit_twice")) {
      member.join("orders");
      publish("order-17", "orders", "billing", "order 17 paid");
      publish("order-17", "orders", "billing", "order 17 paid");
      publish("order-18", "orders", "billing", "order 18 paid");
      Await.until(() -> left() == 0, "the three deliveries taken");
      String history = node.url() + "/api/rooms/orders/messages";
      Await.until(() -> Http.get(history, node.token("rabbit_twice")).body().getJsonArray("messages").size() == 2,
          "both orders stored");
      List<JsonObject> stored = Http.get(history, node.token("rabbit_twice")).body().getJsonArray("messages").stream()
          .map(JsonObject.class::cast).toList();
      assertEquals(List.of("order 17 paid", "order 18 paid"), texts(stored));
    }
    assertEquals(0, left());
  }

  @Test
  @DisplayName("messages the node is too busy to take now go back to the queue and are posted later, none lost")
  void busyNodeLosesNothing(Vertx vertx, @TempDir Path data) {
    try (TestNode node = TestNode.start(data, flags("--store-queue-max", "1"));
        TestClient member = TestClient.login(vertx, node, "rabbit_patient")) {
      member.join("burst");
      int count = 40;
      IntStream.range(0, count).forEach(i -> publish("burst-" + i, "burst", "monitor", "event " + i));
      List<JsonObject> messages = member.collect("message", count);
      assertEquals(IntStream.range(0, count).mapToObj(i -> "event " + i).sorted().toList(), texts(messages).stream().sorted().toList(),
          "each posted once");
    }
    assertEquals(0, left());
  }

  @Test
  @DisplayName("two nodes of a cluster consume the one queue, a backlog waiting for them included: each message is posted once")
  void clusterPostsEachOnce(@TempDir Path data) {
    // Waiting before the nodes start, more than a node takes at once (its prefetch, 100), fewer than a history page.
    int count = 190;
    IntStream.range(0, count).forEach(i -> publish("c-" + i, "feed", "monitor", "item " + i));
    try (TestCluster cluster = TestCluster.start(2, data, "rabbit", flags())) {
      String history = "http://127.0.0.1:" + cluster.node(0).port() + "/api/rooms/feed/messages?limit=200";
      String token = cluster.token("feed_reader");
      Await.until(() -> Http.get(history, token).body().getJsonArray("messages").size() >= count, "every item stored");
      List<JsonObject> stored = Http.get(history, token).body().getJsonArray("messages").stream().map(JsonObject.class::cast).toList();
      assertEquals(IntStream.range(0, count).mapToObj(i -> "item " + i).sorted().toList(), texts(stored).stream().sorted().toList(),
          "each once, whichever node took it");
      assertEquals(IntStream.rangeClosed(1, count).mapToObj(i -> (long) i).toList(), stored.stream().map(m -> m.getLong("seq")).toList());
    }
    assertEquals(0, left());
  }

  @Test
  @DisplayName("a message the store refuses every time is parked after 5 deliveries, with the reason, and acknowledged; the next is posted")
  void failingMessageIsParked(Vertx vertx, @TempDir Path data) throws Exception {
    try (TestNode node = TestNode.start(data, flags()); TestClient member = TestClient.login(vertx, node, "rabbit_parker")) {
      Stores.refuseText(node, "refused by the store every time");
      member.join("parking");
      publish("p1", "parking", "monitor", "refused by the store every time");
      Await.until(() -> Await.result(rabbit.messageCount(queue + ".parked")) == 1, "the failing message is parked in " + queue + ".parked");
      RabbitMQMessage parked = Await.result(rabbit.basicGet(queue + ".parked", true));
      Map<String, Object> headers = parked.properties().getHeaders();
      assertEquals(5, ((Number) headers.get(RabbitInboundVerticle.DELIVERIES)).intValue());
      assertEquals("p1", parked.properties().getMessageId());
      assertEquals("parking", parked.body().toJsonObject().getString("room"), "the message as it was sent");
      assertEquals(true, String.valueOf(headers.get("x-chat-reason")).length() > 0, "with the reason");
      publish("p2", "parking", "monitor", "stored");
      assertEquals("stored", member.awaitType("message").getString("text"));
      assertEquals(1, Prometheus.value(Prometheus.scrape(node), "chat_rabbitmq_parked_total", ""));
    }
    assertEquals(0, left());
  }

  @Test
  @DisplayName("after the broker drops the node's connection, the node reconnects and posts what is published then; /ready stays 200")
  void reconnectsAfterTheBrokerDropsIt(Vertx vertx, @TempDir Path data) {
    Assumptions.assumeTrue(rabbitmqctl("status").exit() == 0, "rabbitmqctl (of the RabbitMQ on this machine) does not run here");
    try (TestNode node = TestNode.start(data, flags()); TestClient member = TestClient.login(vertx, node, "rabbit_again")) {
      member.join("outage");
      publish("o1", "outage", "monitor", "before");
      assertEquals("before", member.awaitType("message").getString("text"));

      String nodeId = Http.get(node.url() + "/api/admin/nodes", node.token("admin", "admin")).body().getJsonArray("nodes")
          .getJsonObject(0).getString("node");
      Await.until(() -> nodeConnections(nodeId).size() == 1, "the node's connection listed by the broker");
      for (String connection : nodeConnections(nodeId)) {
        assertEquals(0, rabbitmqctl("close_connection", connection, "test: the broker drops it").exit());
      }
      publish("o2", "outage", "monitor", "after");
      assertEquals("after", member.awaitType("message").getString("text"));
      assertEquals(200, Http.get(node.url() + "/ready", null).status(), "RabbitMQ is an optional input");
    }
    assertEquals(0, left());
  }

  /** The broker's process ids of the connections of one node (named {@code chat-node <node id>}). */
  static List<String> nodeConnections(String nodeId) {
    return rabbitmqctl("list_connections", "-q", "pid", "client_properties").out().lines()
        .filter(l -> l.contains(RabbitInboundVerticle.CONNECTION_NAME + nodeId)).map(l -> l.split("\t")[0]).toList();
  }

  record Ctl(int exit, String out) {}

  /** Runs the broker's control tool of this machine; exit -1 when it is not installed. */
  static Ctl rabbitmqctl(String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl"));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return new Ctl(p.waitFor(), out);
    } catch (java.io.IOException e) {
      return new Ctl(-1, "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
