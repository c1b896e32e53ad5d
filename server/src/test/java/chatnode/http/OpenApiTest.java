package chatnode.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Await;
import chatnode.testing.Http;
import chatnode.testing.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI description of the REST API (server/src/main/resources/openapi.json) and the node's routes are the same. */
@ExtendWith(VertxExtension.class)
class OpenApiTest {
  static final Path DESCRIPTION = Path.of("src/main/resources/openapi.json");
  /** A route as the HTTP package mounts it: router.get("/api/rooms/:room"). */
  static final Pattern ROUTE = Pattern.compile("router\\.(get|post|put|patch|delete)\\(\"([^\"]+)\"\\)");
  /** What each path parameter is filled with when the operations are called: names that do not exist. */
  static final Map<String, String> SAMPLES = Map.of("user", "nobody_here", "room", "no-such-room", "seq", "1");

  static OpenAPIContract contract(Vertx vertx) throws IOException {
    // The library checks the document against the OpenAPI 3 schema and resolves every $ref.
    return Await.result(OpenAPIContract.from(vertx, new JsonObject(Files.readString(DESCRIPTION))));
  }

  /** "GET /api/rooms/{room}" for every route the node's HTTP package mounts. */
  static Set<String> mountedRoutes() throws IOException {
    Set<String> routes = new TreeSet<>();
    try (Stream<Path> files = Files.list(Path.of("src/main/java/chatnode/http"))) {
      for (Path file : files.toList()) {
        ROUTE.matcher(Files.readString(file)).results().forEach(r ->
            routes.add(r.group(1).toUpperCase() + " " + r.group(2).replaceAll(":([a-z]+)", "{$1}")));
      }
    }
    return routes;
  }

  @Test
  @DisplayName("a valid OpenAPI 3 document that describes every route the node mounts, and no other")
  void describesExactlyTheRoutes(Vertx vertx) throws IOException {
    Set<String> described = contract(vertx).operations().stream()
        .map(o -> o.getHttpMethod().name() + " " + o.getOpenAPIPath()).collect(Collectors.toCollection(TreeSet::new));
    Set<String> mounted = mountedRoutes();
    assertTrue(mounted.size() >= 30, "the routes were found: " + mounted);
    Set<String> undescribed = new TreeSet<>(mounted);
    undescribed.removeAll(described);
    Set<String> unmounted = new TreeSet<>(described);
    unmounted.removeAll(mounted);
    assertEquals(Set.of(), undescribed, "mounted but not described");
    assertEquals(Set.of(), unmounted, "described but not mounted");
  }

  @Test
  @DisplayName("the node serves it on /api/openapi.json, and answers each operation with a status it describes")
  void nodeAnswersAsDescribed(Vertx vertx, @TempDir Path data) throws IOException {
    OpenAPIContract contract = contract(vertx);
    try (TestNode node = TestNode.start(data)) {
      assertEquals(new JsonObject(Files.readString(DESCRIPTION)), new JsonObject(Http.text(node.url() + "/api/openapi.json")));
      String admin = node.token("admin", "admin");
      List<String> wrong = new ArrayList<>();
      for (Operation op : contract.operations()) {
        String path = op.getOpenAPIPath();
        for (Map.Entry<String, String> sample : SAMPLES.entrySet()) {
          path = path.replace("{" + sample.getKey() + "}", sample.getValue());
        }
        // No body and no query: each operation's refusal (or answer) of that is what it describes.
        Http.Reply reply = Http.call(op.getHttpMethod().name(), node.url() + path, admin, null);
        if (op.getResponse(reply.status()) == null) {
          wrong.add(op.getHttpMethod() + " " + path + " answered " + reply.status() + " " + reply.body().encode());
        }
      }
      assertEquals(List.of(), wrong, "statuses the description does not list");
    }
  }
}
