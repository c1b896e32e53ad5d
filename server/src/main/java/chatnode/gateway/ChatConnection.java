package chatnode.gateway;

import chatnode.accounts.Identity;
import chatnode.bus.Delivery;
import chatnode.config.NodeConfig;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.protocol.Fields;
import chatnode.protocol.Protocol;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket session from the upgrade to the close: the protocol's states, and the parts that
 * do the work wired together: {@link Reassembly} and {@link FloodGuard} for what comes in,
 * {@link SessionAuth} for the first frame, {@link Commands} (with {@link SessionRooms} and
 * {@link Queries}) for the frames after it, {@link Heartbeat}, and the {@link Outbox} every frame
 * goes out through. Runs on its gateway's event loop; all its state is confined to it.
 */
final class ChatConnection {
  private static final Logger log = LoggerFactory.getLogger(ChatConnection.class);

  /** A close frame's payload is at most 125 bytes, 2 of them the code; browsers drop a longer one (1006). */
  static final int MAX_CLOSE_REASON_BYTES = 123;

  private enum State { AWAITING_AUTH, AUTHENTICATING, OPEN, CLOSED }

  private final WebSockets gateway;
  private final NodeConfig config;
  private final ServerWebSocket ws;
  private final String address;
  private final Reassembly inbound;
  private final FloodGuard flood;
  private final Heartbeat heartbeat;
  private final SessionAuth auth;
  private final Outbox out;
  private State state = State.AWAITING_AUTH;
  /** Set once authenticated. */
  private Identity identity;
  private String session;
  private SessionRooms rooms;
  private Queries queries;
  private Commands commands;
  private boolean ended;
  private long authTimer;

  ChatConnection(WebSockets gateway, ServerWebSocket ws, String address) {
    this.gateway = gateway;
    this.config = gateway.nodeConfig();
    this.ws = ws;
    this.address = address;
    this.inbound = new Reassembly(config.maxFrameBytes());
    this.flood = new FloodGuard(new RateLimiter(config.rateLimitPerSecond(), config.rateLimitBurst()), config.floodRefusals());
    this.heartbeat = new Heartbeat(TimeUnit.MILLISECONDS.toNanos(config.heartbeatIntervalMs()),
        TimeUnit.MILLISECONDS.toNanos(config.heartbeatTimeoutMs()), System.nanoTime());
    this.auth = new SessionAuth(gateway);
    this.out = new Outbox(ws, gateway.flusher(), gateway.metrics(), config.writeQueueBytes(), config.maxFrameBytes(),
        () -> close(Protocol.CLOSE_POLICY, "too slow: the client does not read its frames"));
  }

  void start() {
    gateway.metrics().connectionOpened();
    ws.frameHandler(this::onWireFrame);
    ws.exceptionHandler(e -> {
      log.debug("session {}: {}", session, e.toString());
      // A single frame over the limit is refused by the frame decoder before it reaches us.
      if (e instanceof CorruptedWebSocketFrameException c && c.closeStatus() == WebSocketCloseStatus.MESSAGE_TOO_BIG) {
        close(Protocol.CLOSE_TOO_BIG, "message too big");
      }
    });
    ws.closeHandler(v -> onClosed());
    authTimer = gateway.vertx().setTimer(config.authTimeoutMs(), t -> {
      if (state == State.AWAITING_AUTH || state == State.AUTHENTICATING) {
        close(Protocol.CLOSE_AUTH, "auth timeout");
      }
    });
  }

  // ---- inbound

  private void onWireFrame(WebSocketFrame frame) {
    // Every frame answers the heartbeat: pongs, pings and close frames come this way too.
    heartbeat.heard(System.nanoTime());
    if (state == State.CLOSED) {
      return;
    }
    Reassembly.Whole message = inbound.accept(frame);
    if (message == Reassembly.TOO_BIG) {
      close(Protocol.CLOSE_TOO_BIG, "message too big");
    } else if (message != null && state == State.AWAITING_AUTH) {
      authenticate(message.binary() ? null : message.data().toString(StandardCharsets.UTF_8));
    } else if (message != null && state == State.OPEN) {
      onFrame(message);
    }
  }

  private void onFrame(Reassembly.Whole message) {
    JsonObject frame = null;
    String shapeError = "binary frames are not supported; send JSON text";
    if (!message.binary()) {
      try {
        frame = Json.decodeValue(message.data().toString(StandardCharsets.UTF_8)) instanceof JsonObject o ? o : null;
        shapeError = frame == null ? "a frame must be a JSON object" : null;
      } catch (DecodeException e) {
        shapeError = "invalid JSON";
      }
    }
    String ref = frame == null ? null : Fields.validRef(frame);
    // The rate limit comes first; a client that keeps flooding is closed.
    FloodGuard.Verdict verdict = flood.check(System.nanoTime());
    if (verdict != FloodGuard.Verdict.PASS) {
      out.error(ErrorCode.RATE_LIMITED, "too many frames; slow down", ref);
      if (verdict == FloodGuard.Verdict.REFUSE_AND_CLOSE) {
        close(Protocol.CLOSE_POLICY, "flooding");
      }
    } else if (shapeError != null) {
      out.error(ErrorCode.BAD_REQUEST, shapeError, null);
    } else if (frame.containsKey("ref") && ref == null) {
      out.error(ErrorCode.BAD_REQUEST, "ref must be a string of at most " + Protocol.MAX_REF + " characters", null);
    } else {
      commands.dispatch(frame, ref);
    }
  }

  // ---- auth

  /** {@code text} is null for a binary first frame, which is refused like any other that is not auth. */
  private void authenticate(String text) {
    state = State.AUTHENTICATING;
    ws.pause();
    auth.verify(text == null ? "" : text)
        .compose(this::register)
        .compose(v -> auth.memberships(identity))
        .onSuccess(memberships -> {
          if (state == State.CLOSED) {
            return;
          }
          gateway.vertx().cancelTimer(authTimer);
          state = State.OPEN;
          out.first(new JsonObject().put("type", "welcome").put("protocol", Protocol.VERSION).put("user", identity.user())
              .put("session", session).put("node", gateway.nodeId()).put("roles", new JsonArray(identity.roles()))
              .mergeIn(memberships));
          ws.resume();
        })
        .onFailure(e -> {
          ChatException refused = ChatException.of(e);
          short code = SessionAuth.closeCode(refused);
          if (code == Protocol.CLOSE_ERROR) {
            log.error("auth failed", e);
            close(code, "internal error");
          } else {
            log.debug("auth refused: {}", e.toString());
            close(code, refused.getMessage());
          }
        });
  }

  /** The session's parts that need its user; registered until {@link #end}. */
  private Future<Void> register(Identity id) {
    if (state == State.CLOSED) {
      return Future.failedFuture(new ChatException(ErrorCode.UNAUTHORIZED, "closed"));
    }
    identity = id;
    session = UUID.randomUUID().toString();
    rooms = new SessionRooms(this, gateway, out, session, id.asCaller());
    queries = new Queries(this, gateway, out, id);
    commands = new Commands(gateway, out, id, rooms, queries);
    return auth.register(this, id, session, String.valueOf(ws.remoteAddress()));
  }

  private void onClosed() {
    state = State.CLOSED;
    out.close();
    gateway.vertx().cancelTimer(authTimer);
    gateway.metrics().connectionClosed();
    gateway.limits().releaseConnection(address);
    end();
  }

  /**
   * The session is over once either side closes: it leaves its rooms, streams and the registry
   * then, not when the TCP connection is gone (a vanished peer never answers the close).
   */
  private void end() {
    if (ended || commands == null) {
      return;
    }
    ended = true;
    rooms.leaveAll();
    queries.end();
    auth.unregister(this, identity, session);
    log.debug("session {} of {} closed", session, identity.user());
  }

  // ---- what the gateway asks of a session

  /** A frame of a joined room, from the node's delivery verticle in seq order. */
  void deliverRoom(String room, Delivery d, ByteBuf wire) {
    if (rooms != null) {
      rooms.deliver(room, d, wire);
    }
  }

  /** A DM, a typing notice, a presence change or a change of the user's memberships, for this session. */
  boolean isSession(String id) {
    return session != null && session.equals(id);
  }

  void deliverUser(Delivery d, ByteBuf wire) {
    out.write(d, wire);
    if ("membership".equals(d.type()) && rooms != null) {
      JsonObject change = new JsonObject(d.frame());
      if (identity.user().equals(change.getString("user"))
          && ("removed".equals(change.getString("event")) || "parted".equals(change.getString("event")))) {
        rooms.drop(change.getString("room"));
      }
    }
  }

  /** How much the bytes queued to this session changed since the node's count last heard (see {@link Flusher}). */
  long reportQueued() {
    return out.report();
  }

  /** Drain: no more frames are read from this client. */
  void stopReading() {
    ws.pause();
  }

  /** True when nothing this client sent waits for the store any more. */
  boolean settled() {
    return commands == null || commands.settled();
  }

  boolean closed() {
    return state == State.CLOSED;
  }

  /** The gateway's heartbeat sweep: ping a silent session, close one that stays silent. */
  void heartbeat(long now) {
    if (state != State.OPEN) {
      return;
    }
    Heartbeat.Due due = heartbeat.check(now);
    if (due == Heartbeat.Due.PING) {
      ws.writePing(Buffer.buffer("hb"));
    } else if (due == Heartbeat.Due.GIVE_UP) {
      close(Protocol.CLOSE_GONE, "no answer to ping");
    }
  }

  /** An admin's kick, ban or token revocation: say why, then close. */
  void kick(String reason, short code) {
    out.send(new JsonObject().put("type", "kicked").put("reason", reason));
    close(code, reason);
  }

  void close(short code, String reason) {
    if (state != State.CLOSED) {
      state = State.CLOSED;
      out.close();
      ws.close(code, closeReason(reason));
      // After the handler that closed: it may be walking the very sets the session leaves.
      gateway.vertx().runOnContext(v -> end());
    }
  }

  /** A reason that fits a close frame: cut to 123 bytes of UTF-8, never inside a character. */
  static String closeReason(String reason) {
    return reason == null ? "" : Utf8.truncate(reason, MAX_CLOSE_REASON_BYTES);
  }
}
