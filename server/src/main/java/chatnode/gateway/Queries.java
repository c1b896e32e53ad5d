package chatnode.gateway;

import chatnode.accounts.Identity;
import chatnode.bus.Addresses;
import chatnode.bus.ChangeRequests;
import chatnode.bus.HistoryQuery;
import chatnode.bus.PresenceQueries;
import chatnode.protocol.Fields;
import chatnode.protocol.Names;
import chatnode.protocol.Protocol;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The frames that read: {@code history} pages and the {@code watch} list of presences. Runs on the session's event loop. */
final class Queries {
  private final ChatConnection owner;
  private final WebSockets gateway;
  private final Outbox out;
  private final Identity identity;
  private Set<String> watching = Set.of();

  Queries(ChatConnection owner, WebSockets gateway, Outbox out, Identity identity) {
    this.owner = owner;
    this.gateway = gateway;
    this.out = out;
    this.identity = identity;
  }

  void history(JsonObject f, String ref) {
    Fields.Conversation of = Fields.conversation(f, "history");
    boolean ofRoom = of.ofRoom();
    String room = of.room();
    String with = of.with();
    Long before = Fields.number(f, "before", 0, Long.MAX_VALUE);
    Long after = Fields.number(f, "after", 0, Long.MAX_VALUE);
    Long around = Fields.number(f, "around", 1, Long.MAX_VALUE);
    Long limit = Fields.number(f, "limit", 1, Protocol.MAX_PAGE);
    if ((before != null ? 1 : 0) + (after != null ? 1 : 0) + (around != null ? 1 : 0) > 1) {
      throw Fields.bad("history takes one of before, after and around");
    }
    if (identity.user().equals(with)) {
      throw Fields.bad("there is no conversation with yourself");
    }
    int n = limit == null ? Protocol.DEFAULT_PAGE : limit.intValue();
    if (around != null) {
      after = HistoryQuery.afterForAround(around, n);
    }
    SessionRooms.read(gateway.vertx().eventBus(), new HistoryQuery(room, identity.user(), with, before, after, n, identity.privileged()))
        .onSuccess(page -> {
          JsonArray messages = new JsonArray();
          page.messages().forEach(m -> messages.add(page.frame(m)));
          out.reply(new JsonObject().put("type", "history").put(ofRoom ? "room" : "with", ofRoom ? room : with)
              .put("messages", messages), ref);
        })
        .onFailure(e -> Commands.refuse(out, e, ref));
  }

  /** A page of a conversation's change stream: how a DM conversation resumes its changes. */
  void changes(JsonObject f, String ref) {
    ChangeRequests.Of of = Commands.target(f, "changes", identity.user());
    long after = Fields.requiredNumber(f, "after", 0, Long.MAX_VALUE);
    Long limit = Fields.number(f, "limit", 1, Protocol.MAX_PAGE);
    ChangeRequests.Read read = new ChangeRequests.Read(identity.asCaller(), of, after, limit == null ? Protocol.DEFAULT_PAGE : limit.intValue(), false);
    gateway.vertx().eventBus().<ChangeRequests.Page>request(Addresses.CHANGES_READ, read, Addresses.local())
        .onSuccess(page -> {
          JsonArray changes = new JsonArray();
          page.body().changes().forEach(c -> changes.add(c.toFrame()));
          out.reply(new JsonObject().put("type", "changes").put(of.room() != null ? "room" : "with", of.room() != null ? of.room() : of.with())
              .put("changes", changes), ref);
        })
        .onFailure(e -> Commands.refuse(out, e, ref));
  }

  /** Replaces the watch list: each user's status now, then every change from the moment the registry answered. */
  void watch(JsonObject f) {
    if (!(f.getValue("users") instanceof JsonArray list)) {
      throw Fields.bad("users", "users must be an array of user names");
    }
    if (list.size() > Protocol.MAX_WATCH) {
      throw Fields.bad("users", "watch at most " + Protocol.MAX_WATCH + " users");
    }
    Set<String> users = new LinkedHashSet<>();
    for (Object u : list) {
      if (!(u instanceof String name) || !Names.isUser(name)) {
        throw Fields.bad("users", "users must be an array of user names");
      }
      users.add(name);
    }
    gateway.sessions().unwatch(owner, watching);
    watching = users;
    gateway.vertx().eventBus().<JsonObject>request(Addresses.PRESENCE_STATUS, new PresenceQueries.Status(List.copyOf(users)),
            Addresses.local())
        .onSuccess(reply -> {
          // Changes are announced from the moment this answer left the registry: none is missed.
          if (watching != users || owner.closed()) {
            return;
          }
          JsonObject online = reply.body().getJsonObject("online");
          users.forEach(u -> out.send(new JsonObject().put("type", "presence").put("user", u)
              .put("status", online.getBoolean(u, false) ? "online" : "offline")));
          gateway.sessions().watch(owner, users);
        })
        .onFailure(e -> Commands.refuse(out, e, null));
  }

  /** The session ended: it watches no one any more. */
  void end() {
    gateway.sessions().unwatch(owner, watching);
    watching = Set.of();
  }
}
