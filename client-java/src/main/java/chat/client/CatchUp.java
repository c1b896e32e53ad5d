package chat.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Reads what a session's DM conversations missed (docs/protocol.md, "Resuming after a reconnect"):
 * history after their last seq where there is something newer, a jump in seqs as it shows, and
 * changes after their last rev; each read page by page, one at a time per conversation, what it
 * brings handed over through {@link Streams}. Runs on the session's context only.
 */
final class CatchUp {
  private final Vertx vertx;
  private final Outbox outbox;
  private final Streams streams;
  private final int pageSize;
  private final BooleanSupplier online;
  private final BiConsumer<String, JsonObject> handOver;
  private final Set<String> filling = new HashSet<>();
  private final Set<String> readingChanges = new HashSet<>();

  CatchUp(Vertx vertx, Outbox outbox, Streams streams, int pageSize, BooleanSupplier online, BiConsumer<String, JsonObject> handOver) {
    this.vertx = vertx;
    this.outbox = outbox;
    this.streams = streams;
    this.pageSize = pageSize;
    this.online = online;
    this.handOver = handOver;
  }

  /**
   * After a welcome: each conversation of {@code peers} in turn, so that many never crowd the
   * requests; its history only where the welcome's {@code newest} seq is past it (or not listed).
   * Stops when {@code current} no longer holds (the connection dropped: the next welcome starts over).
   */
  void resume(List<String> peers, Map<String, Long> newest, BooleanSupplier current) {
    if (peers.isEmpty() || !current.getAsBoolean()) {
      return;
    }
    String peer = peers.remove(0);
    long seq = streams.conversations().get(peer);
    Future<Void> history = seq >= 0 && newest.getOrDefault(peer, Long.MAX_VALUE) > seq ? fill(peer) : Future.succeededFuture();
    Future.all(history, readChanges(peer)).onComplete(done -> resume(peers, newest, current));
  }

  /** Reads the conversation's history after its last seq, page by page; live DMs past it next; after a failure, again a second later. */
  Future<Void> fill(String peer) {
    if (!online.getAsBoolean() || !filling.add(peer)) {
      return Future.succeededFuture();
    }
    return page(peer, streams.seq(peer)).transform(done -> {
      filling.remove(peer);
      if (streams.gap(peer) && done.succeeded()) {
        fill(peer);
      } else if (streams.gap(peer)) {
        vertx.setTimer(1000, t -> fill(peer));
      }
      return Future.succeededFuture();
    });
  }

  private Future<Void> page(String peer, long after) {
    return outbox.request(new JsonObject().put("type", "history").put("with", peer).put("after", after).put("limit", pageSize)).compose(h -> {
      JsonArray messages = h.getJsonArray("messages");
      streams.filled(peer, messages).forEach(m -> handOver.accept("dm", m));
      return messages.size() == pageSize ? page(peer, messages.getJsonObject(pageSize - 1).getLong("seq")) : Future.succeededFuture();
    });
  }

  /** Reads the conversation's changes after its last rev (from the start when it has none), page by page. */
  Future<Void> readChanges(String peer) {
    if (!online.getAsBoolean() || !readingChanges.add(peer)) {
      return Future.succeededFuture();
    }
    return changesPage(peer, streams.changesAfter(peer)).transform(done -> {
      readingChanges.remove(peer); // after a failure, the next welcome reads them again
      return Future.succeededFuture();
    });
  }

  private Future<Void> changesPage(String peer, long after) {
    return outbox.request(new JsonObject().put("type", "changes").put("with", peer).put("after", after).put("limit", pageSize)).compose(page -> {
      JsonArray changes = page.getJsonArray("changes");
      changes.forEach(change -> changed((JsonObject) change, peer));
      return changes.size() == pageSize ? changesPage(peer, changes.getJsonObject(pageSize - 1).getLong("rev")) : Future.succeededFuture();
    });
  }

  /** A change of a room ({@code peer} null) or of the conversation with {@code peer}: handed over once; a skipped rev is read. */
  void changed(JsonObject f, String peer) {
    if (streams.change(f, peer)) {
      handOver.accept(f.getString("type"), f);
    }
    if (peer != null && streams.changeGap(peer)) {
      readChanges(peer);
    }
  }
}
