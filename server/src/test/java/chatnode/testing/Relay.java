package chatnode.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * What a client library is put through while the test takes its nodes down: a bystander, on a
 * node that stays up, posts into the room {@link #ROOM} and writes to the client's user, each
 * acknowledged before the next; the client posts too. At the end, what the client handed its
 * application is checked against what the room and the conversation hold.
 */
public final class Relay implements AutoCloseable {
  public static final String ROOM = "relay";

  private final TestClient bystander;
  private final String user;
  private final List<String> said = new ArrayList<>();
  private long dms;

  /** The bystander {@code name} on node {@code node} of the cluster; {@code user} is the client's. */
  public Relay(Vertx vertx, TestCluster cluster, int node, String name, String user) {
    this.bystander = TestClient.login(vertx, cluster, node, name);
    this.user = user;
    bystander.join(ROOM);
  }

  /** {@code n} posts into the room and {@code n} DMs to the client's user, each acknowledged. */
  public void round(int n) {
    for (int i = 0; i < n; i++) {
      String text = bystander.user() + " " + (said.size() + 1);
      bystander.say(ROOM, text, "s" + said.size());
      JsonObject answer = bystander.answer("s" + said.size());
      assertEquals("ack", answer.getString("type"), answer::encode);
      said.add(text);
      bystander.dm(user, "dm " + (dms + 1), "d" + dms);
      JsonObject dmAnswer = bystander.answer("d" + dms);
      assertEquals("ack", dmAnswer.getString("type"), dmAnswer::encode);
      dms++;
    }
  }

  /**
   * What the client handed over: the room's {@code messages} and the conversation's {@code dms},
   * each once, in order, none missing; of its {@code posted} posts each {@code acked} one stored once,
   * each whose connection dropped ({@code unknown}) at most once, none refused ({@code failed}).
   */
  public void check(List<JsonObject> messages, List<JsonObject> handedDms, List<String> acked, List<String> unknown, List<String> failed,
      int posted) {
    bystander.send(TestClient.frame("join").put("room", ROOM));
    long newest = bystander.await(f -> "joined".equals(f.getString("type"))).getLong("seq");
    assertEquals(LongStream.rangeClosed(1, newest).boxed().toList(), messages.stream().map(m -> m.getLong("seq")).toList(),
        "the room's messages, each once, in order, none missing");
    assertEquals(List.of(), failed, "no post failed but for an unknown outcome");
    assertEquals(posted, acked.size() + unknown.size());
    assertTrue(acked.size() > 0, "posts went through");
    Map<String, Long> times = messages.stream().collect(Collectors.groupingBy(m -> m.getString("text"), Collectors.counting()));
    acked.forEach(text -> assertEquals(1L, times.getOrDefault(text, 0L), "acknowledged post " + text + " stored once"));
    unknown.forEach(text -> assertTrue(times.getOrDefault(text, 0L) <= 1, "a post whose connection dropped is stored at most once: " + text));
    assertEquals(messages.size(), times.size(), "no text twice");
    said.forEach(text -> assertEquals(1L, times.getOrDefault(text, 0L), text + " handed over once"));
    assertEquals(LongStream.rangeClosed(1, dms).boxed().toList(), handedDms.stream().map(m -> m.getLong("seq")).toList(),
        "the DM conversation, each once, in order, none missing");
  }

  @Override
  public void close() {
    bystander.close();
  }
}
