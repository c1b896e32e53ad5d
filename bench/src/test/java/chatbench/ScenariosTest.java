package chatbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every scenario at a small scale against real node processes, so the bench cannot rot. It checks
 * what each scenario promises to measure (and that nothing is lost), never how fast: speed is
 * measured by scripts/bench and written down in docs/benchmarks.md.
 */
class ScenariosTest {
  @TempDir
  Path dir;

  Options options(String... args) {
    String[] common = {"--node-jar", "../server/target/chat-node.jar", "--results", dir.resolve("results.jsonl").toString(),
        "--logs", "target/logs", "--chart", dir.resolve("chart.svg").toString(), "--node-heap", "256m", "--peers-dir", "peers"};
    // A test's own options come last, so that they win over the common ones.
    String[] all = new String[common.length + args.length];
    System.arraycopy(common, 0, all, 0, common.length);
    System.arraycopy(args, 0, all, common.length, args.length);
    return Options.parse(all, 0);
  }

  static void assertNoLoss(JsonObject step) {
    assertEquals(0, step.getLong("gaps"), step.encode());
    assertEquals(0, step.getLong("duplicates"), step.encode());
    assertEquals(0, step.getLong("missing"), step.encode());
    assertTrue(step.getLong("deliveries") > 0, step.encode());
  }

  @Test
  @DisplayName("fanout: each peer and then the node in rounds under one load; CPU user and kernel, RSS, median node/peer ratios, a chart")
  void fanout() throws Exception {
    JsonObject r = FanoutScenarios.fanout(options("--members", "20", "--posters", "2", "--rate", "50", "--duration", "2", "--warmup", "1",
        "--repeat", "2"));
    // A JS peer that cannot be installed or run here is left out, and the result says why.
    List<String> peers = PeerServers.ALL.stream().filter(p -> !r.getJsonObject("unavailable").containsKey(p)).toList();
    r.getJsonObject("unavailable").forEach(why -> assertFalse(((String) why.getValue()).isBlank(), why.getKey()));
    assertTrue(peers.contains("bare"), r.encode());
    List<String> round = new java.util.ArrayList<>(peers);
    round.add("node");
    List<String> targets = r.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("target")).toList();
    assertEquals(List.of(round, round).stream().flatMap(List::stream).toList(), targets);
    for (Object x : r.getJsonArray("steps")) {
      JsonObject step = (JsonObject) x;
      assertNoLoss(step);
      assertEquals(step.getDouble("cpuMicrosPerDelivery"), step.getDouble("cpuUserMicrosPerDelivery")
          + step.getDouble("cpuKernelMicrosPerDelivery"), 0.02, step.encode());
      assertTrue(step.getDouble("rssMiB") > 0, step.encode());
    }
    assertTrue(r.getJsonArray("steps").getJsonObject(round.size() - 1).getJsonObject("cpuMicrosPerDeliveryByThread")
        .containsKey("event loops"));
    for (String peer : peers) {
      JsonObject versus = r.getJsonObject("versus").getJsonObject(peer);
      assertEquals(2, versus.getJsonArray("cpuRatios").size(), peer);
      for (String ratio : new String[] {"deliveriesPerS", "cpuUserPerDelivery", "cpuKernelPerDelivery", "p999", "rss"}) {
        assertTrue(versus.getJsonObject("ratios").getDouble(ratio) > 0, peer + " " + ratio);
      }
    }
    assertTrue(Files.readString(dir.resolve("chart.svg")).contains("<polyline"));
    assertEquals(1, Files.readAllLines(dir.resolve("results.jsonl")).size());
  }

  @Test
  @DisplayName("fanout: with no JS peers to be had (no package.json), says why each is not measured and measures bare and the node")
  void fanoutWithoutJsPeers() {
    JsonObject r = FanoutScenarios.fanout(options("--members", "10", "--posters", "2", "--rate", "30", "--duration", "1", "--warmup", "0",
        "--peers-dir", dir.resolve("no-peers").toString()));
    assertEquals(List.of("ws", "bun"), List.copyOf(r.getJsonObject("unavailable").fieldNames()));
    assertTrue(r.getJsonObject("unavailable").getString("bun").contains("package"), r.encode());
    assertEquals(List.of("bare", "node"), r.getJsonArray("steps").stream().map(s -> ((JsonObject) s).getString("target")).toList());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"embedded", "postgresql"})
  @DisplayName("builds: two node jars in turn under one load on a store; median ratios of CPU, store CPU and latency (say to delivery, to ack)")
  void builds(String store) {
    assumeStore(store);
    // The same jar twice: what is checked is that every figure is produced, not what a change costs.
    JsonObject r = FanoutScenarios.builds(options("--store", store, "--base-jar", "../server/target/chat-node.jar", "--base-label", "before",
        "--label", "after", "--members", "10", "--posters", "2", "--rate", "30", "--duration", "2", "--warmup", "1"));
    JsonArray steps = r.getJsonArray("steps");
    assertEquals(List.of("before", "after"), steps.stream().map(s -> ((JsonObject) s).getString("target")).toList());
    steps.forEach(s -> assertNoLoss((JsonObject) s));
    for (Object s : steps) {
      JsonObject step = (JsonObject) s;
      assertTrue(step.getDouble("ackP50ms") > 0 && step.getDouble("ackP99ms") >= step.getDouble("ackP50ms"), step.encode());
      assertTrue(step.getJsonObject("cpuMicrosPerDeliveryByThread").containsKey("store"), step.encode());
      assertEquals(store.equals("postgresql"), step.getJsonObject("cpuMicrosPerDeliveryByThread").containsKey(Postgres.PART), step.encode());
    }
    JsonObject ratios = r.getJsonObject("versus").getJsonObject("before").getJsonObject("ratios");
    for (String ratio : new String[] {"cpuPerDelivery", "storeCpuPerDelivery", "p50", "p99", "ackP50", "ackP99"}) {
      assertTrue(ratios.getDouble(ratio) > 0, ratio + " in " + ratios);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"embedded", "postgresql"})
  @DisplayName("search: messages of a known vocabulary seeded; a rare word, a common one, two words and a prefix, each found as often as said")
  void search(String store) {
    assumeStore(store);
    JsonObject r = SearchScenario.search(options("--store", store, "--search-messages", "700", "--rooms", "7", "--queries", "3"));
    assertEquals(700, r.getLong("messages"));
    assertTrue(r.getDouble("seedSeconds") > 0);
    JsonArray queries = r.getJsonArray("queries");
    assertEquals(List.of("zebra", "hello", "north river", "deplo"), queries.stream().map(q -> ((JsonObject) q).getString("q")).toList());
    assertEquals(List.of(1L, 350L, 10L, 28L), queries.stream().map(q -> ((JsonObject) q).getLong("matching")).toList());
    for (Object x : queries) {
      JsonObject q = (JsonObject) x;
      // The first page (50 at most) has every match the vocabulary puts there.
      assertEquals(Math.min(50, q.getLong("matching")), q.getLong("firstPage").longValue(), q.encode());
      assertTrue(q.getDouble("p50ms") > 0 && q.getDouble("p99ms") >= q.getDouble("p50ms"), q.encode());
      assertEquals(store.equals("postgresql"), q.containsKey("postgresCpuMsPerQuery"), q.encode());
    }
  }

  /** PostgreSQL runs only where 127.0.0.1:5432 answers (trust auth, database test), as the node's store tests do. */
  private static void assumeStore(String store) {
    if (store.equals("postgresql")) {
      boolean answers;
      try (java.net.Socket s = new java.net.Socket()) {
        s.connect(new java.net.InetSocketAddress("127.0.0.1", 5432), 1000);
        answers = true;
      } catch (java.io.IOException e) {
        answers = false;
      }
      Assumptions.assumeTrue(answers, "PostgreSQL does not answer on 127.0.0.1:5432");
    }
  }

  @Test
  @DisplayName("private: a private and a public room of the same members loaded in turn on one node; ratios private/public")
  void privateRoom() {
    JsonObject r = FanoutScenarios.privateRoom(options("--members", "10", "--posters", "2", "--rate", "30", "--duration", "2",
        "--warmup", "1"));
    JsonArray steps = r.getJsonArray("steps");
    assertEquals(List.of("node public", "node private"), steps.stream().map(s -> ((JsonObject) s).getString("target")).toList());
    steps.forEach(s -> assertNoLoss((JsonObject) s));
    // A refused say would mean the members were not added before they joined and posted.
    steps.forEach(s -> assertEquals(0, ((JsonObject) s).getLong("refused"), s.toString()));
    assertTrue(steps.getJsonObject(1).getJsonObject("cpuMicrosPerDeliveryByThread").containsKey("store"));
    JsonObject ratios = r.getJsonObject("privateOverPublic");
    for (String ratio : new String[] {"cpuPerDelivery", "storeCpuPerDelivery", "p50", "p99"}) {
      assertTrue(ratios.getDouble(ratio) > 0, ratio + " in " + ratios);
    }
  }

  @Test
  @DisplayName("welcome: rooms filled to each size in turn; auth-to-welcome of a user of many rooms, read and unread, and of one")
  void welcome() {
    JsonObject r = WelcomeScenario.welcome(options("--rooms", "5", "--messages", "3,10", "--logins", "3"));
    JsonArray sizes = r.getJsonArray("sizes");
    assertEquals(List.of(3, 10), sizes.stream().map(s -> ((JsonObject) s).getInteger("messagesPerRoom")).toList());
    for (Object s : sizes) {
      int size = ((JsonObject) s).getInteger("messagesPerRoom");
      JsonObject users = ((JsonObject) s).getJsonObject("users");
      JsonObject unread = users.getJsonObject("many, unread");
      JsonObject read = users.getJsonObject("many, read");
      JsonObject one = users.getJsonObject("one");
      assertEquals(5, unread.getInteger("rooms"), users.encode());
      assertEquals(5L * size, unread.getLong("unread"), users.encode());
      assertEquals(5, read.getInteger("rooms"), users.encode());
      assertEquals(0, read.getLong("unread"), users.encode());
      assertEquals(1, one.getInteger("rooms"), users.encode());
      assertEquals(size, one.getLong("unread"), users.encode());
      for (JsonObject u : List.of(unread, read, one)) {
        assertTrue(u.getDouble("p50ms") > 0 && u.getDouble("p99ms") >= u.getDouble("p50ms"), u.encode());
      }
    }
  }

  @Test
  @DisplayName("ramp: raises the rate step by step and reports the highest that held")
  void ramp() {
    JsonObject r = FanoutScenarios.ramp(options("--members", "10", "--posters", "2", "--rate", "20", "--max-rate", "45",
        "--duration", "1", "--warmup", "0"));
    assertTrue(r.getJsonArray("steps").size() >= 1);
    r.getJsonArray("steps").forEach(s -> assertNoLoss((JsonObject) s));
  }

  @Test
  @DisplayName("smoke: every step passes against a node; against nothing listening it fails at the first step and says so")
  void smoke() {
    JsonObject passed = Smoke.run(options());
    assertTrue(passed.getBoolean("passed"), passed.encodePrettily());
    assertEquals(10, passed.getJsonArray("steps").size());
    passed.getJsonArray("steps").forEach(step -> assertTrue(((JsonObject) step).getBoolean("ok"), step.toString()));
    JsonObject failed = Smoke.run(options("--url", "http://127.0.0.1:" + closedPort()));
    assertFalse(failed.getBoolean("passed"));
    assertTrue(failed.getString("failed").startsWith("ready: "), failed.encode());
  }

  private static int closedPort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("dm: pairs exchange DMs; every conversation stream is gapless; CPU by thread")
  void dm() {
    JsonObject r = DmScenario.dm(options("--pairs", "5", "--rate", "40", "--duration", "2", "--warmup", "1"));
    assertEquals(0, r.getLong("gaps"));
    assertTrue(r.getLong("receivedPerS") > 0);
    assertTrue(r.getJsonObject("cpuMicrosPerDmByThread").containsKey("store"));
  }

  @Test
  @DisplayName("cluster: two and three nodes, members spread over them, nothing lost")
  void cluster() {
    JsonObject r = FanoutScenarios.cluster(options("--members", "12", "--posters", "3", "--rate", "30", "--duration", "2", "--warmup", "1"));
    assertEquals(2, r.getJsonArray("steps").size());
    r.getJsonArray("steps").forEach(s -> assertNoLoss((JsonObject) s));
  }

  @Test
  @DisplayName("soak: samples heap after GC and connections while the load runs")
  void soak() {
    JsonObject r = FanoutScenarios.soak(options("--members", "10", "--posters", "2", "--rate", "20", "--duration", "10"));
    assertEquals(1, r.getJsonArray("samples").size());
    assertTrue(r.getJsonArray("samples").getJsonObject(0).getLong("heapAfterGcMiB") > 0);
    assertEquals(0, r.getLong("lost"));
  }

  @Test
  @DisplayName("connect: idle connections on each peer and authenticated ones on the node; RSS per connection, and heap of the JVMs")
  void connect() throws Exception {
    JsonObject r = ConnectScenario.connect(options("--connections", "300"));
    for (String target : List.of("bare", "ws", "bun", "node")) {
      if (!r.getJsonObject("unavailable").containsKey(target)) {
        assertEquals(300, r.getJsonObject(target).getLong("open"), target);
        assertEquals(0, r.getJsonObject(target).getLong("failures"), target);
        assertTrue(r.getJsonObject(target).containsKey("rssPerConnectionKiB"), target);
        assertEquals(List.of("bare", "node").contains(target), r.getJsonObject(target).containsKey("heapPerConnectionKiB"), target);
      }
    }
  }
}
