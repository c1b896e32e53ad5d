package chatnode.chat;

import chatnode.auth.Names;
import chatnode.bus.Addresses;
import chatnode.bus.ChatException;
import chatnode.bus.Draft;
import chatnode.bus.ErrorCode;
import chatnode.bus.Stored;
import chatnode.config.NodeConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the entries of a Redis stream into rooms, for applications that already have Redis
 * rather than calling the HTTP publish API. The nodes share one consumer group, so each entry is
 * posted once; an entry is acknowledged only once stored. Entries a dead node had read but not
 * acknowledged are claimed by the others after {@code redis-claim-ms}; the entry id is the
 * message's idempotency key, so an entry stored just before its node died is not stored twice.
 * Entry fields: {@code room}, {@code from}, {@code text}.
 */
public final class RedisInboundVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(RedisInboundVerticle.class);
  private static final int BATCH = 100;
  private static final int BLOCK_MS = 2_000;
  private static final long RETRY_MS = 1_000;

  private final NodeConfig config;
  private final String consumer;
  private Redis redis;
  private RedisConnection reader;
  private long claimTimer;
  private boolean stopped;

  public RedisInboundVerticle(NodeConfig config, String nodeId) {
    this.config = config;
    this.consumer = "node-" + nodeId;
  }

  @Override
  public Future<?> start() {
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redisUrl())
        .setPreferredProtocolVersion(ProtocolVersion.RESP2));
    return redis.send(Request.cmd(Command.XGROUP, "CREATE", config.redisStream(), config.redisGroup(), "0", "MKSTREAM"))
        .recover(e -> e.getMessage() != null && e.getMessage().startsWith("BUSYGROUP") ? Future.succeededFuture() : Future.failedFuture(e))
        // The blocking read gets a connection of its own, so it never holds up acknowledgements.
        .compose(v -> redis.connect())
        .onSuccess(connection -> {
          reader = connection;
          readNext();
          claimTimer = vertx.setPeriodic(Math.max(100, config.redisClaimMs() / 2), t -> claimAbandoned());
          log.info("posting entries of Redis stream {} (group {}) as {}", config.redisStream(), config.redisGroup(), consumer);
        });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(claimTimer);
    if (reader != null) {
      reader.close();
    }
    redis.close();
    return Future.succeededFuture();
  }

  private void readNext() {
    if (stopped) {
      return;
    }
    reader.send(Request.cmd(Command.XREADGROUP, "GROUP", config.redisGroup(), consumer, "COUNT", BATCH,
            "BLOCK", BLOCK_MS, "STREAMS", config.redisStream(), ">"))
        .compose(reply -> reply == null ? Future.succeededFuture() : post(reply.get(0).get(1)))
        .onSuccess(v -> readNext())
        .onFailure(e -> {
          if (!stopped) {
            log.warn("reading Redis stream {} failed, retrying: {}", config.redisStream(), e.toString());
            vertx.setTimer(RETRY_MS, t -> readNext());
          }
        });
  }

  /** Takes over entries another consumer read long ago and never acknowledged (its node died). */
  private void claimAbandoned() {
    redis.send(Request.cmd(Command.XAUTOCLAIM, config.redisStream(), config.redisGroup(), consumer,
            config.redisClaimMs(), "0-0", "COUNT", BATCH))
        .compose(reply -> post(reply.get(1)))
        .onFailure(e -> log.warn("claiming abandoned entries failed: {}", e.toString()));
  }

  /** Posts entries in stream order (the chat verticle keeps the order of its queue) and acknowledges each once stored. */
  private Future<Void> post(Response entries) {
    List<Future<?>> done = new ArrayList<>();
    for (Response entry : entries) {
      if (entry == null || entry.size() < 2 || entry.get(1) == null) {
        continue;
      }
      String id = entry.get(0).toString();
      Draft draft = draft(id, entry.get(1));
      // Refused for what it is (muted, too long...): acknowledged, never retried. Failed to store: left pending.
      Future<Object> stored = draft == null ? Future.succeededFuture()
          : vertx.eventBus().<Stored>request(Addresses.CHAT_APPEND, draft, Addresses.append()).<Object>map(m -> m)
              .recover(e -> ChatException.of(e).code() == ErrorCode.INTERNAL ? Future.failedFuture(e)
                  : refused(id, e.getMessage()));
      done.add(stored.compose(v -> redis.send(Request.cmd(Command.XACK, config.redisStream(), config.redisGroup(), id)))
          .onFailure(e -> log.warn("entry {} not stored, left pending for a retry: {}", id, e.toString())));
    }
    return Future.join(done).otherwise(v -> null).mapEmpty();
  }

  private Future<Object> refused(String id, String why) {
    log.warn("Redis entry {} refused and acknowledged: {}", id, why);
    return Future.succeededFuture();
  }

  /** The entry as a room message, or null (logged and acknowledged) if it breaks the rules. */
  private Draft draft(String id, Response fields) {
    String room = null;
    String from = null;
    String text = null;
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      switch (fields.get(i).toString()) {
        case "room" -> room = fields.get(i + 1).toString();
        case "from" -> from = fields.get(i + 1).toString();
        case "text" -> text = fields.get(i + 1).toString();
        default -> { }
      }
    }
    if (!Names.isRoom(room) || !Names.isUser(from) || text == null) {
      refused(id, "an entry needs a valid room, from and text");
      return null;
    }
    try {
      return Draft.forRoom(room, from, Draft.validText(text, config.maxTextCodePoints())).withSourceKey("redis", id);
    } catch (ChatException e) {
      refused(id, e.getMessage());
      return null;
    }
  }
}
