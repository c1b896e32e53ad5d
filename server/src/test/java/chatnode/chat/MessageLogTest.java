package chatnode.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import chatnode.bus.Draft;
import chatnode.bus.HistoryPage;
import chatnode.bus.Stored;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.store.Conversations;
import chatnode.store.Store;
import chatnode.testing.Await;
import chatnode.testing.Stores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The message log on each store: gapless seqs under concurrent writers, and paged reads. */
@ExtendWith(VertxExtension.class)
class MessageLogTest {

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("two nodes' stores appending batches to one room at once hand out 1..N exactly once")
  void concurrentWritersGapless(String kind, Vertx vertx, @TempDir Path data) {
    String url = Stores.url(kind, data);
    Store first = Await.result(Store.open(vertx, url));
    Store second = Await.result(Store.open(vertx, url));
    try {
      Await.result(first.transaction(c -> {
        c.createStatement().execute("INSERT INTO users(name, roles, bio, status_text, created_at) VALUES ('ann', '', '', '', 0)");
        return null;
      }));
      List<Future<List<Object>>> batches = new ArrayList<>();
      for (int b = 0; b < 20; b++) {
        Store store = b % 2 == 0 ? first : second;
        List<Draft> drafts = IntStream.range(0, 10).mapToObj(i -> Draft.forRoom("shared", "ann", "m")).toList();
        batches.add(store.transaction(c -> MessageLog.append(c, drafts, 1L, new RoomVisibility(100)).results()));
      }
      List<Long> seqs = new ArrayList<>();
      batches.forEach(f -> Await.result(f).forEach(r -> seqs.add(((Stored) r).seq())));
      assertEquals(LongStream.rangeClosed(1, 200).boxed().toList(), seqs.stream().sorted().toList());

      HistoryPage newest = Await.result(first.read(c -> MessageLog.read(c, Conversations.room("shared"), "shared", null, null, 5, null)));
      assertEquals(200, newest.newest());
      assertEquals(List.of(196L, 197L, 198L, 199L, 200L), newest.messages().stream().map(Stored::seq).toList());
      HistoryPage after = Await.result(second.read(c -> MessageLog.read(c, Conversations.room("shared"), "shared", null, 198L, 50, null)));
      assertEquals(List.of(199L, 200L), after.messages().stream().map(Stored::seq).toList());
    } finally {
      first.close();
      second.close();
      Stores.drop(url);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("a DM to an unknown user is refused inside its batch and takes no seq")
  void unknownRecipient(String kind, Vertx vertx, @TempDir Path data) {
    Stores.withStore(kind, vertx, data, store -> {
      List<Object> results = Await.result(store.transaction(c -> {
        c.createStatement().execute("INSERT INTO users(name, roles, bio, status_text, created_at) VALUES ('bea', '', '', '', 0)");
        return MessageLog.append(c, List.of(Draft.direct("bea", "cal", "1"), Draft.direct("ghost", "cal", "x"),
            Draft.direct("bea", "cal", "2")), 1L, new RoomVisibility(100)).results();
      }));
      assertEquals(1, ((Stored) results.get(0)).seq());
      assertEquals(ErrorCode.NOT_FOUND, assertInstanceOf(ChatException.class, results.get(1)).code());
      assertEquals(2, ((Stored) results.get(2)).seq());
      HistoryPage page = Await.result(store.read(c -> MessageLog.read(c, Conversations.direct("cal", "bea"), null, null, null, 10, null)));
      assertEquals(List.of("1", "2"), page.messages().stream().map(Stored::text).toList());
      assertEquals("bea", page.messages().get(0).to());
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("a message with a source key already stored is not stored again: the first one comes back")
  void sourceKeyStoresOnce(String kind, Vertx vertx, @TempDir Path data) {
    Stores.withStore(kind, vertx, data, store -> {
      Draft once = Draft.forRoom("feed", "bot", "entry 7").withSourceKey("redis", "7-0");
      Stored first = (Stored) Await.result(store.transaction(c -> MessageLog.append(c, List.of(once), 1L, new RoomVisibility(100)).results())).get(0);
      Stored again = (Stored) Await.result(store.transaction(c -> MessageLog.append(c, List.of(once, Draft.forRoom("feed", "bot", "next")), 2L, new RoomVisibility(100)).results())).get(0);
      assertEquals(first.seq(), again.seq());
      assertEquals(1L, again.ts(), "the stored message, not a new one");
      HistoryPage page = Await.result(store.read(c -> MessageLog.read(c, Conversations.room("feed"), "feed", null, null, 10, null)));
      assertEquals(List.of("entry 7", "next"), page.messages().stream().map(Stored::text).toList());
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("two nodes' batches touching the same rooms in opposite orders never deadlock")
  void oppositeOrdersDoNotDeadlock(String kind, Vertx vertx, @TempDir Path data) {
    String url = Stores.url(kind, data);
    Store first = Await.result(Store.open(vertx, url));
    Store second = Await.result(Store.open(vertx, url));
    try {
      List<String> rooms = IntStream.range(0, 8).mapToObj(i -> "room-" + i).toList();
      List<Draft> forwards = rooms.stream().map(r -> Draft.forRoom(r, "ann", "m")).toList();
      List<Draft> backwards = new ArrayList<>(forwards);
      java.util.Collections.reverse(backwards);
      for (int round = 0; round < 30; round++) {
        Future<List<Object>> a = first.transaction(c -> MessageLog.append(c, forwards, 1L, new RoomVisibility(100)).results());
        Future<List<Object>> b = second.transaction(c -> MessageLog.append(c, backwards, 1L, new RoomVisibility(100)).results());
        Await.result(Future.all(a, b));
        assertEquals(List.of("room-0", "room-1", "room-2", "room-3", "room-4", "room-5", "room-6", "room-7"),
            Await.result(a).stream().map(r -> ((Stored) r).room()).toList(), "results stay in the order of the drafts");
      }
      for (String room : rooms) {
        HistoryPage page = Await.result(first.read(c -> MessageLog.read(c, Conversations.room(room), room, null, null, 100, null)));
        assertEquals(LongStream.rangeClosed(1, 60).boxed().toList(), page.messages().stream().map(Stored::seq).toList());
      }
    } finally {
      first.close();
      second.close();
      Stores.drop(url);
    }
  }
}
