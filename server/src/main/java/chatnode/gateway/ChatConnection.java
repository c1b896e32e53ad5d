package chatnode.gateway;

import chatnode.accounts.Identity;
import chatnode.bus.Addresses;
import chatnode.bus.Delivery;
import chatnode.bus.Draft;
import chatnode.bus.HistoryQuery;
import chatnode.bus.PresenceQueries;
import chatnode.bus.ProfileRequests;
import chatnode.bus.Stored;
import chatnode.bus.Wire;
import chatnode.config.NodeConfig;
import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import chatnode.protocol.Fields;
import chatnode.protocol.Protocol;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket session: the protocol's state machine from the upgrade to the close. Runs on its
 * gateway's event loop; all its state is confined to it.
 */
final class ChatConnection {
  private static final Logger log = LoggerFactory.getLogger(ChatConnection.class);

  /** A close frame's payload is at most 125 bytes, 2 of them the code; browsers drop a longer one (1006). */
  static final int MAX_CLOSE_REASON_BYTES = 123;
  private static final long FLOOD_WINDOW_NANOS = 10_000_000_000L;

  private enum State { AWAITING_AUTH, AUTHENTICATING, OPEN, CLOSED }

  private static final Set<String> FRAME_TYPES = Set.of("auth", "join", "leave", "say", "dm", "typing", "watch", "history", "ping");

  private final WebSockets gateway;
  private final NodeConfig config;
  private final ServerWebSocket ws;
  private final String address;
  private final EventBus bus;
  private final RateLimiter limiter;
  private final Outbox out;
  /** Set once authenticated. */
  private SessionRooms rooms;
  private Set<String> watching = Set.of();
  private State state = State.AWAITING_AUTH;
  private Identity identity;
  private String session;
  private boolean registered;
  private boolean ended;
  /** Says and DMs waiting for the store: a draining node lets them finish before it closes. */
  private int inFlight;
  private long authTimer;
  /** When the client was last heard from (any frame, pongs included); and whether it was pinged since. */
  private long lastHeard = System.nanoTime();
  private boolean pinged;
  private long pingedAt;
  /** The frames so far of a fragmented message. */
  private Buffer partial;
  private boolean partialBinary;
  private long refusalWindowStart;
  private int refusals;

  ChatConnection(WebSockets gateway, ServerWebSocket ws, String address) {
    this.gateway = gateway;
    this.config = gateway.nodeConfig();
    this.ws = ws;
    this.address = address;
    this.bus = gateway.vertx().eventBus();
    this.limiter = new RateLimiter(config.rateLimitPerSecond(), config.rateLimitBurst());
    this.out = new Outbox(ws, gateway.metrics(), config.writeQueueBytes(),
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

  /**
   * Reassembles messages from frames, counting a fragmented message whole against the size limit,
   * which Vert.x's own aggregation only reports as an exception.
   */
  private void onWireFrame(WebSocketFrame frame) {
    // Every frame answers the heartbeat: pongs, pings and close frames come this way too.
    lastHeard = System.nanoTime();
    pinged = false;
    if (!(frame.isText() || frame.isBinary() || frame.isContinuation()) || state == State.CLOSED) {
      return;
    }
    if (!frame.isContinuation()) {
      partial = null;
      partialBinary = frame.isBinary();
    }
    Buffer data = frame.binaryData();
    int size = (partial == null ? 0 : partial.length()) + data.length();
    if (size > config.maxFrameBytes()) {
      partial = null;
      close(Protocol.CLOSE_TOO_BIG, "message too big");
      return;
    }
    if (!frame.isFinal()) {
      partial = partial == null ? Buffer.buffer(size * 2).appendBuffer(data) : partial.appendBuffer(data);
      return;
    }
    Buffer message = partial == null ? data : partial.appendBuffer(data);
    partial = null;
    if (partialBinary) {
      onBinary();
    } else {
      onText(message.toString(StandardCharsets.UTF_8));
    }
  }

  private void onBinary() {
    if (state == State.AWAITING_AUTH) {
      close(Protocol.CLOSE_AUTH, "the first frame must be auth");
    } else if (state == State.OPEN && admit(null)) {
      error(ErrorCode.BAD_REQUEST, "binary frames are not supported; send JSON text", null);
    }
  }

  private void onText(String text) {
    if (state == State.AWAITING_AUTH) {
      authenticate(text);
    } else if (state == State.OPEN) {
      onFrame(text);
    }
  }

  /** Drain: no more frames are read from this client. */
  void stopReading() {
    ws.pause();
  }

  /** True when nothing this client sent waits for the store any more. */
  boolean settled() {
    return inFlight == 0;
  }

  private void onFrame(String text) {
    JsonObject frame = null;
    String shapeError = null;
    try {
      if (Json.decodeValue(text) instanceof JsonObject object) {
        frame = object;
      } else {
        shapeError = "a frame must be a JSON object";
      }
    } catch (DecodeException e) {
      shapeError = "invalid JSON";
    }
    String ref = frame == null ? null : Fields.validRef(frame);
    if (!admit(ref)) {
      return;
    }
    if (shapeError != null) {
      error(ErrorCode.BAD_REQUEST, shapeError, null);
      return;
    }
    if (frame.containsKey("ref") && ref == null) {
      error(ErrorCode.BAD_REQUEST, "ref must be a string of at most " + Protocol.MAX_REF + " characters", null);
      return;
    }
    try {
      dispatch(frame, ref);
    } catch (ChatException e) {
      error(e.code(), e.getMessage(), ref);
    }
  }

  /** The rate limit comes first; a client that keeps flooding is closed. */
  private boolean admit(String ref) {
    if (limiter.tryAcquire()) {
      return true;
    }
    long now = System.nanoTime();
    if (now - refusalWindowStart > FLOOD_WINDOW_NANOS) {
      refusalWindowStart = now;
      refusals = 0;
    }
    error(ErrorCode.RATE_LIMITED, "too many frames; slow down", ref);
    // The contract allows the close after more than flood-refusals refusals: this one is answered too.
    if (++refusals > config.floodRefusals()) {
      close(Protocol.CLOSE_POLICY, "flooding");
    }
    return false;
  }

  private void dispatch(JsonObject f, String ref) {
    String type = f.getValue("type") instanceof String t ? t : null;
    gateway.metrics().frameIn(type != null && FRAME_TYPES.contains(type) ? type : "invalid");
    if (type == null) {
      throw Fields.bad("type is required");
    }
    switch (type) {
      case "join" -> rooms.join(Fields.room(f, "room"), Fields.number(f, "since", 0, Long.MAX_VALUE));
      case "leave" -> rooms.leave(Fields.room(f, "room"));
      case "say" -> say(f, ref);
      case "dm" -> dm(f, ref);
      case "typing" -> typing(f);
      case "watch" -> watch(f);
      case "history" -> history(f, ref);
      case "ping" -> send(withRef(new JsonObject().put("type", "pong"), ref));
      case "auth" -> throw Fields.bad("already authenticated");
      default -> throw Fields.bad("unknown frame type '" + type + "'");
    }
  }

  // ---- auth

  private void authenticate(String text) {
    JsonObject frame;
    try {
      frame = Json.decodeValue(text) instanceof JsonObject o ? o : null;
    } catch (DecodeException e) {
      frame = null;
    }
    if (frame == null || !"auth".equals(frame.getValue("type"))) {
      close(Protocol.CLOSE_AUTH, "the first frame must be auth");
      return;
    }
    String token = frame.getValue("token") instanceof String t ? t : null;
    state = State.AUTHENTICATING;
    ws.pause();
    gateway.tokens().verify(token)
        .compose(id -> bus.request(Addresses.PROFILE_ADMIT, new ProfileRequests.Admit(id.user(), id.issuedAt()), Addresses.local()).map(id))
        .compose(this::register)
        .onSuccess(v -> {
          if (state == State.CLOSED) {
            return;
          }
          gateway.vertx().cancelTimer(authTimer);
          state = State.OPEN;
          send(new JsonObject().put("type", "welcome").put("protocol", Protocol.VERSION).put("user", identity.user())
              .put("session", session).put("node", gateway.nodeId()).put("roles", new JsonArray(identity.roles())));
          ws.resume();
        })
        .onFailure(e -> {
          ChatException refused = ChatException.of(e);
          if (refused.code() == ErrorCode.RATE_LIMITED) {
            close(Protocol.CLOSE_POLICY, refused.getMessage());
          } else if (refused.code() == ErrorCode.UNAUTHORIZED || refused.code() == ErrorCode.FORBIDDEN) {
            log.debug("auth refused: {}", e.toString());
            close(refused.code() == ErrorCode.FORBIDDEN ? Protocol.CLOSE_BANNED : Protocol.CLOSE_AUTH, refused.getMessage());
          } else {
            log.error("auth failed", e);
            close(Protocol.CLOSE_ERROR, "internal error");
          }
        });
  }

  /** Joins the session to its user's stream and the registry; undone by {@link #onClosed}. */
  private Future<Void> register(Identity id) {
    if (state == State.CLOSED) {
      return Future.failedFuture(new ChatException(ErrorCode.UNAUTHORIZED, "closed"));
    }
    identity = id;
    session = UUID.randomUUID().toString();
    rooms = new SessionRooms(this, gateway, out, session, id.user());
    registered = true;
    Future<Void> stream = gateway.sessions().addSession(id.user(), this);
    Future<Message<Object>> presence = bus.request(Addresses.PRESENCE_UPDATE, new JsonObject().put("op", "open")
        .put("session", session).put("user", id.user()).put("connectedAt", System.currentTimeMillis())
        .put("remote", String.valueOf(ws.remoteAddress())), Addresses.local());
    return Future.all(stream, presence).mapEmpty();
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
    if (ended || !registered) {
      return;
    }
    ended = true;
    rooms.leaveAll();
    gateway.sessions().unwatch(this, watching);
    gateway.sessions().removeSession(identity.user(), this);
    bus.send(Addresses.PRESENCE_UPDATE, new JsonObject().put("op", "close").put("session", session), Addresses.local());
    log.debug("session {} of {} closed", session, identity.user());
  }

  // ---- rooms

  /** A frame of a joined room, from the node's delivery verticle in seq order. */
  void deliverRoom(String room, Delivery d) {
    if (rooms != null) {
      rooms.deliver(room, d);
    }
  }

  /** A DM or a typing notice for this session's user. */
  void deliverUser(Delivery d) {
    write(d.frame(), d.type());
  }

  // ---- messages

  private void say(JsonObject f, String ref) {
    String room = Fields.room(f, "room");
    String text = Fields.text(f, config.maxTextCodePoints());
    if (!rooms.contains(room)) {
      throw new ChatException(ErrorCode.NOT_JOINED, "join " + room + " before saying something there");
    }
    append(Draft.forRoom(room, identity.user(), text), ref);
  }

  private void dm(JsonObject f, String ref) {
    String to = Fields.user(f, "to");
    String text = Fields.text(f, config.maxTextCodePoints());
    if (to.equals(identity.user())) {
      throw Fields.bad("you cannot send a DM to yourself");
    }
    append(Draft.direct(to, identity.user(), text), ref);
  }

  private void append(Draft draft, String ref) {
    inFlight++;
    bus.<Stored>request(Addresses.CHAT_APPEND, draft, Addresses.append())
        .onComplete(done -> inFlight--)
        .onSuccess(m -> send(withRef(new JsonObject().put("type", "ack"), ref).put("seq", m.body().seq())))
        .onFailure(e -> refuse(e, ref));
  }

  private void typing(JsonObject f) {
    boolean toRoom = f.containsKey("room");
    if (toRoom == f.containsKey("to")) {
      throw Fields.bad("typing takes either room or to");
    }
    DeliveryOptions about = new DeliveryOptions().addHeader(Wire.ABOUT, identity.user());
    if (toRoom) {
      String room = Fields.room(f, "room");
      if (!rooms.contains(room)) {
        throw new ChatException(ErrorCode.NOT_JOINED, "not in room " + room);
      }
      String frame = new JsonObject().put("type", "typing").put("from", identity.user()).put("room", room).encode();
      bus.publish(Addresses.room(room), frame, about.addHeader(Wire.SKIP_ABOUT, "1").addHeader(Wire.TYPE, "typing"));
    } else {
      String to = Fields.user(f, "to");
      if (to.equals(identity.user())) {
        throw Fields.bad("you cannot type to yourself");
      }
      String frame = new JsonObject().put("type", "typing").put("from", identity.user()).put("to", to).encode();
      bus.publish(Addresses.DIRECT, frame, about.addHeader(Wire.TO, to).addHeader(Wire.TYPE, "typing"));
    }
  }

  private void watch(JsonObject f) {
    if (!(f.getValue("users") instanceof JsonArray list)) {
      throw Fields.bad("users must be an array of user names");
    }
    if (list.size() > Protocol.MAX_WATCH) {
      throw Fields.bad("watch at most " + Protocol.MAX_WATCH + " users");
    }
    Set<String> users = new LinkedHashSet<>();
    for (Object u : list) {
      if (!(u instanceof String name) || !chatnode.protocol.Names.isUser(name)) {
        throw Fields.bad("users must be an array of user names");
      }
      users.add(name);
    }
    gateway.sessions().unwatch(this, watching);
    watching = users;
    bus.<JsonObject>request(Addresses.PRESENCE_STATUS, new PresenceQueries.Status(List.copyOf(users)), Addresses.local())
        .onSuccess(reply -> {
          // Changes are announced from the moment this answer left the registry: none is missed.
          if (watching != users || state == State.CLOSED) {
            return;
          }
          JsonObject online = reply.body().getJsonObject("online");
          users.forEach(u -> send(new JsonObject().put("type", "presence").put("user", u)
              .put("status", online.getBoolean(u, false) ? "online" : "offline")));
          gateway.sessions().watch(this, users);
        })
        .onFailure(e -> refuse(e, null));
  }

  private void history(JsonObject f, String ref) {
    boolean ofRoom = f.containsKey("room");
    if (ofRoom == f.containsKey("with")) {
      throw Fields.bad("history takes either room or with");
    }
    String room = ofRoom ? Fields.room(f, "room") : null;
    String with = ofRoom ? null : Fields.user(f, "with");
    Long before = Fields.number(f, "before", 0, Long.MAX_VALUE);
    Long after = Fields.number(f, "after", 0, Long.MAX_VALUE);
    Long limit = Fields.number(f, "limit", 1, Protocol.MAX_PAGE);
    if (before != null && after != null) {
      throw Fields.bad("history takes before or after, not both");
    }
    if (identity.user().equals(with)) {
      throw Fields.bad("there is no conversation with yourself");
    }
    int n = limit == null ? Protocol.DEFAULT_PAGE : limit.intValue();
    SessionRooms.read(bus, new HistoryQuery(room, identity.user(), with, before, after, n))
        .onSuccess(page -> {
          JsonArray messages = new JsonArray();
          page.messages().forEach(m -> messages.add(m.toFrame()));
          JsonObject reply = new JsonObject().put("type", "history");
          reply.put(ofRoom ? "room" : "with", ofRoom ? room : with);
          send(withRef(reply.put("messages", messages), ref));
        })
        .onFailure(e -> refuse(e, ref));
  }

  // ---- outbound

  private static JsonObject withRef(JsonObject frame, String ref) {
    return ref == null ? frame : frame.put("ref", ref);
  }

  private void refuse(Throwable failure, String ref) {
    ChatException refused = ChatException.of(failure);
    if (refused.code() == ErrorCode.INTERNAL) {
      log.error("session {}: request failed", session, failure);
    }
    error(refused.code(), refused.getMessage(), ref);
  }

  void error(ErrorCode code, String message, String ref) {
    gateway.metrics().error(code.wire());
    send(withRef(new JsonObject().put("type", "error").put("code", code.wire()).put("message", message), ref));
  }

  void send(JsonObject frame) {
    write(frame.encode(), frame.getString("type"));
  }

  /** Every frame goes through the session's bounded outbox (see {@link Outbox} for the slow-consumer policy). */
  void write(String frame, String type) {
    out.write(frame, type);
  }

  /**
   * Called by the gateway's heartbeat sweep: a session silent for the heartbeat interval is
   * pinged; one that stays silent for the heartbeat timeout after is closed as gone.
   */
  void heartbeat(long now) {
    if (state != State.OPEN) {
      return;
    }
    if (pinged) {
      if (now - pingedAt >= TimeUnit.MILLISECONDS.toNanos(config.heartbeatTimeoutMs())) {
        close(Protocol.CLOSE_GONE, "no answer to ping");
      }
    } else if (now - lastHeard >= TimeUnit.MILLISECONDS.toNanos(config.heartbeatIntervalMs())) {
      pinged = true;
      pingedAt = now;
      ws.writePing(Buffer.buffer("hb"));
    }
  }

  /** An admin's kick, ban or token revocation: say why, then close. */
  void kick(String reason, short code) {
    send(new JsonObject().put("type", "kicked").put("reason", reason));
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
