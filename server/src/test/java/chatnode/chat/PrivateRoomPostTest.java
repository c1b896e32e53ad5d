package chatnode.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import chatnode.bus.Draft;
import chatnode.bus.Stored;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.rooms.Role;
import chatnode.rooms.Rooms;
import chatnode.rooms.Visibility;
import chatnode.store.Store;
import chatnode.testing.Await;
import chatnode.testing.Stores;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Who may post in a private room is decided in the transaction that stores the message. */
@ExtendWith(VertxExtension.class)
class PrivateRoomPostTest {

  /** A room created by ann, with {@code user} its one member. */
  private static void roomWithMember(Store store, String room, Visibility visibility, String user, Role role) {
    Await.result(store.transaction(c -> {
      Rooms.create(c, room, visibility, "", "ann", 1);
      return Rooms.addMember(c, room, user, role, 1);
    }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("a member posts; once the removal is committed the same draft is refused and takes no seq; a room never seen is created public")
  void membershipCheckedWhereTheSeqIsTaken(String kind, Vertx vertx, @TempDir Path data) {
    Stores.withStore(kind, vertx, data, store -> {
      RoomVisibility known = new RoomVisibility(10);
      roomWithMember(store, "vault", Visibility.PRIVATE, "bob", Role.MEMBER);
      Draft say = Draft.forRoom("vault", "bob", "inside");
      MessageLog.Appended first = Await.result(store.transaction(c -> MessageLog.append(c, List.of(say), 2L, known)));
      assertEquals(1, ((Stored) first.results().get(0)).seq());
      assertEquals(Map.of("vault", true), first.learned(), "the room's visibility is learned from the store");
      first.learned().forEach(known::learn);

      Await.result(store.transaction(c -> Rooms.removeMember(c, "vault", "bob")));
      List<Object> after = Await.result(store.transaction(c -> MessageLog.append(c, List.of(say,
          Draft.forRoom("vault", "ann", "owner is not a member either")), 3L, known).results()));
      assertEquals(ErrorCode.FORBIDDEN, assertInstanceOf(ChatException.class, after.get(0)).code());
      assertEquals(ErrorCode.FORBIDDEN, assertInstanceOf(ChatException.class, after.get(1)).code(), "creating is not belonging");
      long newest = Await.<Long>result(store.read(c -> Rooms.lastSeq(c, "vault")));
      assertEquals(1L, newest, "refused drafts take no seq");

      MessageLog.Appended fresh = Await.result(store.transaction(c -> MessageLog.append(c,
          List.of(Draft.forRoom("brand-new", "svc", "first post")), 4L, known)));
      assertEquals(Map.of("brand-new", false), fresh.learned());
      assertEquals(Visibility.PUBLIC, Await.result(store.read(c -> Rooms.room(c, "brand-new"))).visibility());
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chatnode.testing.Stores#kinds")
  @DisplayName("a room made private after this node learned it was public: a stranger's say is refused all the same, taking no seq")
  void staleKnowledgeOfAPublicRoom(String kind, Vertx vertx, @TempDir Path data) {
    Stores.withStore(kind, vertx, data, store -> {
      RoomVisibility known = new RoomVisibility(10);
      roomWithMember(store, "townhall", Visibility.PUBLIC, "ann", Role.OWNER);
      known.learn("townhall", false);
      Draft stranger = Draft.forRoom("townhall", "eve", "still open?");
      assertEquals(1, ((Stored) Await.result(store.transaction(c -> MessageLog.append(c, List.of(stranger), 2L, known).results())).get(0)).seq());

      Await.result(store.transaction(c -> {
        Rooms.update(c, "townhall", "", Visibility.PRIVATE);
        return null;
      }));
      MessageLog.Appended after = Await.result(store.transaction(c -> MessageLog.append(c, List.of(stranger,
          Draft.forRoom("townhall", "ann", "members only now")), 3L, known)));
      assertEquals(ErrorCode.FORBIDDEN, assertInstanceOf(ChatException.class, after.results().get(0)).code());
      assertEquals(2, ((Stored) after.results().get(1)).seq(), "the refused say gave its seq back");
      assertEquals(Map.of("townhall", true), after.learned(), "and the node learns the room is private");
      assertEquals(2L, Await.<Long>result(store.read(c -> Rooms.lastSeq(c, "townhall"))));
    });
  }
}
