package chatnode.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * An HTTP connection has upgrade-timeout-ms from its opening, and from its last response while
 * kept alive, to send a complete request; one that sends nothing or dribbles a request head is
 * closed. A connection that became a WebSocket is the session's heartbeat's to watch. Owned by one
 * gateway's event loop.
 */
final class UpgradeDeadlines {
  private final Vertx vertx;
  private final long timeoutMs;
  private final Map<HttpConnection, Deadline> open = new IdentityHashMap<>();

  private static final class Deadline {
    long timer = -1;
    int requests;
    boolean upgraded;
  }

  UpgradeDeadlines(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  void opened(HttpConnection c) {
    Deadline d = new Deadline();
    open.put(c, d);
    arm(c, d);
    c.closeHandler(v -> {
      Deadline gone = open.remove(c);
      if (gone != null) {
        vertx.cancelTimer(gone.timer);
      }
    });
  }

  /** A request head is complete: no deadline while it is served. */
  void requestStarted(HttpServerRequest request) {
    HttpConnection c = request.connection();
    Deadline d = open.get(c);
    if (d == null) {
      return;
    }
    d.requests++;
    vertx.cancelTimer(d.timer);
    request.response().endHandler(v -> {
      if (--d.requests == 0 && !d.upgraded && open.get(c) == d) {
        arm(c, d);
      }
    });
  }

  void upgraded(HttpConnection c) {
    Deadline d = open.remove(c);
    if (d != null) {
      d.upgraded = true;
      vertx.cancelTimer(d.timer);
    }
  }

  private void arm(HttpConnection c, Deadline d) {
    d.timer = vertx.setTimer(timeoutMs, t -> {
      if (open.remove(c) == d) {
        c.close();
      }
    });
  }
}
