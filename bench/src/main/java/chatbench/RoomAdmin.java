package chatbench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The node's room endpoints as a backend with role {@code service} calls them (docs/protocol.md,
 * "Rooms and membership"): creating a private room and adding its members. A scenario uses it to
 * set a room up before loading it, so it goes over HTTP like any application's would.
 */
final class RoomAdmin {
  private static final String SERVICE_USER = "bench_service";
  /** Adds in flight at once: each is a store transaction, and the node's HTTP and store pools are small. */
  private static final int IN_FLIGHT = 32;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  RoomAdmin(int port, String secret) {
    this.base = URI.create("http://127.0.0.1:" + port);
    this.token = Tokens.mint(secret, SERVICE_USER, "service");
  }

  /** Creates {@code room} private; the service user becomes its owner. */
  void createPrivate(String room) {
    post("/api/rooms", "{\"room\":\"" + room + "\",\"visibility\":\"private\"}", 201).join();
  }

  /** Makes each of {@code users} (who must have logged in once, which creates them) a member of {@code room}. */
  void addMembers(String room, List<String> users) {
    for (int start = 0; start < users.size(); start += IN_FLIGHT) {
      CompletableFuture.allOf(users.subList(start, Math.min(users.size(), start + IN_FLIGHT)).stream()
          .map(user -> post("/api/rooms/" + room + "/members", "{\"user\":\"" + user + "\"}", 200))
          .toArray(CompletableFuture[]::new)).join();
    }
  }

  private CompletableFuture<String> post(String path, String body, int expected) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
      if (r.statusCode() != expected) {
        throw new IllegalStateException("POST " + path + " " + body + ": " + r.statusCode() + " " + r.body());
      }
      return r.body();
    });
  }
}
