package chatnode.http;

import static chatnode.http.RestSupport.query;
import static chatnode.http.RestSupport.reply;

import chatnode.bus.Addresses;
import chatnode.bus.SearchQuery;
import chatnode.protocol.Fields;
import chatnode.protocol.Protocol;
import chatnode.search.SearchTerms;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /api/search}: the caller's full-text search over what they may read. */
final class SearchApi {
  private final RestSupport rest;

  SearchApi(RestSupport rest) {
    this.rest = rest;
  }

  void mount(Router router) {
    router.get("/api/search").handler(rc -> reply(rc, 200, rest.caller(rc).compose(id -> {
      String room = name(rc, "room", true);
      String with = name(rc, "with", false);
      if (room != null && with != null) {
        throw Fields.bad("with", "search a room or a DM conversation, not both");
      }
      Long limit = query(rc, "limit", 1, Protocol.MAX_PAGE);
      SearchQuery q = new SearchQuery(id.user(), SearchTerms.of(rc.queryParams().get("q")), room, with, name(rc, "from", false),
          SearchTerms.parse(rc.queryParams().get("before")), limit == null ? Protocol.DEFAULT_PAGE : limit.intValue());
      return rest.ask(Addresses.SEARCH, q);
    })));
  }

  /** An optional room or user name parameter. */
  private static String name(RoutingContext rc, String key, boolean room) {
    String value = rc.queryParams().get(key);
    if (value == null || value.isEmpty()) {
      return null;
    }
    return room ? Fields.roomName(value, key) : Fields.userName(value, key);
  }
}
