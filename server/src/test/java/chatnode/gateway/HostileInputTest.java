package chatnode.gateway;

import static chatnode.testing.TestClient.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Http;
import chatnode.testing.TestClient;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzz: several clients throw 10,000+ random and malformed frames and HTTP bodies at a node while
 * two others chat. The node stays up, the chat loses nothing, and the heap stays bounded.
 */
@ExtendWith(VertxExtension.class)
class HostileInputTest {
  private static final String[] TYPES = {"auth", "join", "leave", "say", "dm", "typing", "watch", "history", "ping", "nope", ""};
  private static final String[] KEYS = {"type", "room", "text", "to", "since", "before", "after", "limit", "ref", "users", "token", "with"};

  static Object randomValue(Random r, int depth) {
    return switch (r.nextInt(depth > 2 ? 7 : 9)) {
      case 0 -> r.nextLong();
      case 1 -> r.nextDouble() * 1e20;
      case 2 -> "x".repeat(r.nextInt(100));
      case 3 -> new String(Character.toChars(0x1F600 + r.nextInt(50))).repeat(r.nextInt(30));
      case 4 -> r.nextBoolean();
      case 5 -> null;
      case 6 -> "lobby";
      case 7 -> new JsonArray(java.util.Arrays.asList(randomValue(r, depth + 1), randomValue(r, depth + 1)));
      default -> new JsonObject().put(KEYS[r.nextInt(KEYS.length)], randomValue(r, depth + 1));
    };
  }

  static String randomFrame(Random r) {
    JsonObject f = new JsonObject().put("type", TYPES[r.nextInt(TYPES.length)]);
    for (int i = r.nextInt(4); i > 0; i--) {
      f.put(KEYS[r.nextInt(KEYS.length)], randomValue(r, 0));
    }
    String text = f.encode();
    return switch (r.nextInt(6)) {
      case 0 -> text.substring(0, r.nextInt(text.length()));
      case 1 -> "[" + text + "]";
      case 2 -> text.replace('"', '\'');
      default -> text;
    };
  }

  @Test
  @DisplayName("10,000 hostile frames and bodies change nothing for the people chatting")
  void fuzz(Vertx vertx, @TempDir Path data) throws Exception {
    try (TestNode node = TestNode.start(data, "--rate-limit", "100000", "--rate-burst", "100000")) {
      System.gc();
      long heapBefore = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
      TestClient alice = TestClient.login(vertx, node, "fuzz_alice");
      TestClient bob = TestClient.login(vertx, node, "fuzz_bob");
      alice.join("lobby");
      bob.join("lobby");
      AtomicInteger framesSent = new AtomicInteger();
      AtomicInteger bodiesSent = new AtomicInteger();
      List<CompletableFuture<Void>> attackers = new ArrayList<>();
      for (int a = 0; a < 4; a++) {
        int seed = a;
        attackers.add(CompletableFuture.runAsync(() -> {
          Random r = new Random(seed);
          TestClient c = TestClient.login(vertx, node, "fuzzer_" + seed);
          for (int i = 0; i < 2_600; i++) {
            if (c.isClosed()) {
              c = TestClient.login(vertx, node, "fuzzer_" + seed);
            }
            boolean sent = r.nextInt(50) == 0 ? sendBinary(c, r) : c.offer(randomFrame(r));
            if (sent) {
              framesSent.incrementAndGet();
            }
          }
          c.close();
        }));
      }
      attackers.add(CompletableFuture.runAsync(() -> {
        Random r = new Random(99);
        String[] paths = {"/api/auth/register", "/api/auth/login", "/api/rooms/lobby/messages", "/api/profiles/fuzz_alice"};
        String token = node.token("fuzz_alice");
        for (int i = 0; i < 600; i++) {
          String body = r.nextBoolean() ? randomFrame(r) : new String(new byte[r.nextInt(200)]);
          Http.call(i % 4 == 3 ? "PUT" : "POST", node.url() + paths[i % paths.length], r.nextBoolean() ? token : null, body);
          bodiesSent.incrementAndGet();
        }
      }));
      int chat = 200;
      for (int i = 0; i < chat; i++) {
        (i % 2 == 0 ? alice : bob).say("lobby", "real message " + i, "r" + i);
      }
      CompletableFuture.allOf(attackers.toArray(CompletableFuture[]::new)).get();
      assertTrue(framesSent.get() + bodiesSent.get() >= 10_000, "sent " + framesSent + " frames and " + bodiesSent + " bodies");
      for (TestClient c : List.of(alice, bob)) {
        List<JsonObject> messages = c.collect("message", chat);
        assertEquals(LongStream.rangeClosed(1, chat).boxed().toList(), seqs(messages));
        assertTrue(messages.stream().allMatch(m -> m.getString("text").startsWith("real message")));
      }
      assertEquals(200, Http.get(node.url() + "/health", null).status(), "still up");
      alice.close();
      bob.close();
      System.gc();
      long heapAfter = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
      assertTrue(heapAfter - heapBefore < 200L * 1024 * 1024, "heap grew by " + (heapAfter - heapBefore) / (1024 * 1024) + " MiB");
    }
  }

  private static boolean sendBinary(TestClient c, Random r) {
    byte[] bytes = new byte[r.nextInt(300)];
    r.nextBytes(bytes);
    try {
      c.sendBinary(Buffer.buffer(bytes));
      return true;
    } catch (AssertionError closed) {
      return false;
    }
  }
}
