package chatbench;

import chat.client.ChatApi;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.List;

/**
 * The node's room endpoints as a backend with role {@code service} calls them (docs/protocol.md,
 * "Rooms and membership"): creating a private room and adding its members. A scenario uses it to
 * set a room up before loading it, so it goes over HTTP like any application's would.
 */
final class RoomAdmin {
  private static final String SERVICE_USER = "bench_service";
  /** Adds in flight at once: each is a store transaction, and the node's HTTP and store pools are small. */
  private static final int IN_FLIGHT = 32;

  private final ChatApi api;

  RoomAdmin(Vertx vertx, int port, String secret) {
    this.api = ChatApi.of(vertx, URI.create("http://127.0.0.1:" + port)).as(Tokens.mint(secret, SERVICE_USER, "service"));
  }

  /** Creates {@code room} private; the service user becomes its owner. */
  void createPrivate(String room) {
    LoadGen.await(api.createRoom(room, "private"));
  }

  /** Makes each of {@code users} (who must have logged in once, which creates them) a member of {@code room}. */
  void addMembers(String room, List<String> users) {
    for (int start = 0; start < users.size(); start += IN_FLIGHT) {
      LoadGen.await(Future.all(users.subList(start, Math.min(users.size(), start + IN_FLIGHT)).stream()
          .map(user -> api.addMember(room, user)).toList()));
    }
  }
}
