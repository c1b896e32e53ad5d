package chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** What a session hands the application of the frames a node sends, in the orders a real node produces only by chance. */
class StreamsTest {
  final Streams streams = new Streams(1000);

  static JsonObject message(long seq) {
    return new JsonObject().put("type", "message").put("room", "lobby").put("seq", seq).put("from", "bob").put("text", "m" + seq);
  }

  static JsonObject dm(long seq) {
    return new JsonObject().put("type", "dm").put("from", "bob").put("to", "ann").put("seq", seq).put("text", "d" + seq);
  }

  static List<Long> seqs(List<JsonObject> frames) {
    return frames.stream().map(f -> f.getLong("seq")).toList();
  }

  @Test
  void aRoomResumesFromItsLastSeqAndRevAndTakesEachMessageOnce() {
    streams.track("lobby", "~j1", -1, null);
    assertEquals(new JsonObject().put("type", "join").put("room", "lobby").put("ref", "~j1"), streams.joinFrame("lobby"), "first join: no since");
    streams.joined(new JsonObject().put("room", "lobby").put("seq", 0).put("rev", 0));
    assertTrue(streams.message(message(1)));
    assertTrue(streams.message(message(2)));
    assertFalse(streams.message(message(2)), "twice: once");
    assertTrue(streams.change(new JsonObject().put("type", "edited").put("room", "lobby").put("seq", 1).put("rev", 1), null));
    assertFalse(streams.change(new JsonObject().put("type", "edited").put("room", "lobby").put("seq", 1).put("rev", 1), null));
    JsonObject again = streams.joinFrame("lobby");
    assertEquals(2L, again.getLong("since"));
    assertEquals(1L, again.getLong("sinceRev"));
    streams.joined(new JsonObject().put("room", "lobby").put("seq", 5).put("rev", 3));
    assertEquals(1L, again.getLong("sinceRev"), "with sinceRev, the changes follow from it, not from the joined's rev");
  }

  @Test
  void aRoomWithNoMessagesResumesFromZero() {
    streams.track("empty", "~j1", -1, null);
    streams.joined(new JsonObject().put("room", "empty").put("seq", 0).put("rev", 0));
    assertEquals(0L, streams.joinFrame("empty").getLong("since"), "what comes while away is not lost");
  }

  @Test
  void aRefusedOrLeftRoomTakesNothing() {
    streams.track("lobby", "~j1", -1, null);
    assertEquals("lobby", streams.roomOfRef("~j1"));
    streams.untrack("lobby");
    assertNull(streams.roomOfRef("~j1"));
    assertFalse(streams.message(message(1)));
    assertNull(streams.joined(new JsonObject().put("room", "lobby").put("seq", 1)));
  }

  @Test
  void aDmConversationWithAJumpWaitsForHistoryAndGoesOnInOrder() {
    assertEquals(List.of(5L), seqs(streams.dm("bob", dm(5))), "followed from the first seen");
    assertEquals(List.of(), seqs(streams.dm("bob", dm(8))));
    assertTrue(streams.gap("bob"));
    assertEquals(5L, streams.seq("bob"), "history is read after 5");
    JsonArray page = new JsonArray(LongStream.rangeClosed(6, 8).mapToObj(s -> dm(s).copy().put("type", (String) null)).toList());
    assertEquals(List.of(6L, 7L, 8L), seqs(streams.filled("bob", page)));
    assertFalse(streams.gap("bob"));
    assertEquals(List.of(), seqs(streams.dm("bob", dm(8))), "8 again, live: once");
    assertEquals("dm", streams.filled("bob", new JsonArray().add(new JsonObject().put("seq", 9L))).get(0).getString("type"));
  }

  @Test
  void aConversationReadFirstByHistoryIsFollowedFromItsNewestMessage() {
    streams.follow("dan", new JsonArray());
    assertFalse(streams.conversations().containsKey("dan"), "an empty page follows nothing");
    streams.follow("carol", new JsonArray().add(new JsonObject().put("seq", 40L)).add(new JsonObject().put("seq", 41L)));
    assertEquals(41L, streams.conversations().get("carol"));
    streams.follow("carol", new JsonArray().add(new JsonObject().put("seq", 3L)));
    assertEquals(41L, streams.seq("carol"), "an older page moves nothing");
  }

  @Test
  void dmChangesAreFollowedFromTheFirstSeenAndEachRevCountsOnce() {
    streams.dm("bob", dm(1));
    assertEquals(0L, streams.changesAfter("bob"), "none seen: read from the start");
    JsonObject live = new JsonObject().put("type", "edited").put("from", "bob").put("to", "ann").put("seq", 1).put("rev", 3);
    assertTrue(streams.change(live, "bob"));
    assertEquals(3L, streams.changesAfter("bob"), "followed from the first seen");
    assertTrue(streams.change(live.copy().put("rev", 6), "bob"));
    assertTrue(streams.changeGap("bob"), "4 and 5 skipped");
    assertEquals(3L, streams.changesAfter("bob"));
    assertTrue(streams.change(live.copy().put("rev", 4), "bob"));
    assertTrue(streams.change(live.copy().put("rev", 5), "bob"));
    assertFalse(streams.change(live.copy().put("rev", 6), "bob"), "6 again, in a page");
    assertFalse(streams.changeGap("bob"));
    assertEquals(6L, streams.changesAfter("bob"));
  }
}
