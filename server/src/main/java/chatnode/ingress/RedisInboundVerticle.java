package chatnode.ingress;

import chatnode.config.NodeConfig;
import chatnode.ops.Metrics;
import chatnode.ops.Readiness;
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
 * An entry that still fails to store on its {@value Inbound#MAX_DELIVERIES}th delivery is parked: copied
 * to {@code <stream>:parked} with the reason, and acknowledged. Entry fields: {@code room},
 * {@code from}, {@code text}.
 *
 * <p>Redis is an optional input: when it goes away the reader reconnects with backoff (creating
 * the group again, as a restart without persistence loses it), the node stays ready, and {@code
 * /ready} and the metrics say whether the reader is connected.
 */
public final class RedisInboundVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(RedisInboundVerticle.class);
  private static final int BATCH = 100;
  private static final int BLOCK_MS = 2_000;
  private static final long MIN_BACKOFF_MS = 200;
  private static final long MAX_BACKOFF_MS = 5_000;
  /** The parked stream keeps about this many entries, the newest. */
  private static final int PARKED_KEPT = 10_000;

  private final NodeConfig config;
  private final String consumer;
  private final Readiness readiness;
  private final Metrics metrics;
  private Redis redis;
  private RedisConnection reader;
  private long claimTimer;
  private long reconnectTimer = -1;
  private long backoffMs = MIN_BACKOFF_MS;
  private volatile boolean connected;
  private boolean everConnected;
  private boolean stopped;

  public RedisInboundVerticle(NodeConfig config, String nodeId, Readiness readiness, Metrics metrics) {
    this.config = config;
    this.consumer = "node-" + nodeId;
    this.readiness = readiness;
    this.metrics = metrics;
  }

  /** Starts reading in the background: a Redis that is not there yet is waited for, not a failed start. */
  @Override
  public Future<?> start() {
    redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.redisUrl())
        .setPreferredProtocolVersion(ProtocolVersion.RESP2));
    readiness.reportInput("redis", () -> connected ? "connected" : "reconnecting");
    metrics.redisConnected(false);
    claimTimer = vertx.setPeriodic(Math.max(100, config.redisClaimMs() / 2), t -> claimAbandoned());
    connect();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(claimTimer);
    vertx.cancelTimer(reconnectTimer);
    if (reader != null) {
      reader.close();
    }
    redis.close();
    return Future.succeededFuture();
  }

  /** Creates the group (again: a Redis restarted without persistence has lost it), then opens the reader. */
  private void connect() {
    redis.send(Request.cmd(Command.XGROUP, "CREATE", config.redisStream(), config.redisGroup(), "0", "MKSTREAM"))
        .recover(e -> e.getMessage() != null && e.getMessage().startsWith("BUSYGROUP") ? Future.succeededFuture() : Future.failedFuture(e))
        // The blocking read gets a connection of its own, so it never holds up acknowledgements.
        .compose(v -> redis.connect())
        .onSuccess(connection -> {
          if (stopped) {
            connection.close();
            return;
          }
          reader = connection;
          setConnected(true);
          backoffMs = MIN_BACKOFF_MS;
          if (everConnected) {
            metrics.redisReconnected();
            log.info("reading Redis stream {} again", config.redisStream());
          } else {
            log.info("posting entries of Redis stream {} (group {}) as {}", config.redisStream(), config.redisGroup(), consumer);
          }
          everConnected = true;
          readNext();
        })
        .onFailure(this::lost);
  }

  /** The reader's connection (or the group) is gone: closes what is left and connects again after a backoff. */
  private void lost(Throwable cause) {
    if (stopped) {
      return;
    }
    if (connected || backoffMs == MIN_BACKOFF_MS) {
      log.warn("lost Redis stream {}, reconnecting: {}", config.redisStream(), cause.toString());
    }
    setConnected(false);
    if (reader != null) {
      reader.close();
      reader = null;
    }
    reconnectTimer = vertx.setTimer(backoffMs, t -> connect());
    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
  }

  private void setConnected(boolean now) {
    connected = now;
    metrics.redisConnected(now);
  }

  private void readNext() {
    if (stopped) {
      return;
    }
    reader.send(Request.cmd(Command.XREADGROUP, "GROUP", config.redisGroup(), consumer, "COUNT", BATCH,
            "BLOCK", BLOCK_MS, "STREAMS", config.redisStream(), ">"))
        .compose(reply -> reply == null ? Future.succeededFuture() : post(reply.get(0).get(1)))
        .onSuccess(v -> readNext())
        .onFailure(this::lost);
  }

  /** Takes over entries another consumer read long ago and never acknowledged (its node died, or storing failed). */
  private void claimAbandoned() {
    if (!connected) {
      return;
    }
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
      Response fields = entry.get(1);
      Future<Object> handled = Inbound.post(vertx, "redis", id, field(fields, "room"), field(fields, "from"), field(fields, "text"),
          config.maxTextCodePoints()).compose(result -> switch (result.outcome()) {
        case STORED -> Future.succeededFuture();
        case REFUSED -> refused(id, result.reason());
        // The node is busy, not the entry wrong: left pending, claimed again later.
        case BUSY -> Future.failedFuture(result.reason());
        case FAILED -> parkIfSpent(id, fields, result.reason());
      });
      done.add(handled.compose(v -> redis.send(Request.cmd(Command.XACK, config.redisStream(), config.redisGroup(), id)))
          .onFailure(e -> log.warn("entry {} not stored, left pending for a retry: {}", id, e.toString())));
    }
    return Future.join(done).otherwise(v -> null).mapEmpty();
  }

  /**
   * An entry that failed to store: parked once delivered {@value Inbound#MAX_DELIVERIES} times (then it is
   * acknowledged), else left pending (the failure is passed on). A crash between parking and the
   * acknowledgement parks it twice, never loses it.
   */
  private Future<Object> parkIfSpent(String id, Response fields, String failure) {
    return redis.send(Request.cmd(Command.XPENDING, config.redisStream(), config.redisGroup(), id, id, 1))
        .compose(pending -> {
          long deliveries = pending != null && pending.size() > 0 ? pending.get(0).get(3).toLong() : 0;
          if (deliveries < Inbound.MAX_DELIVERIES) {
            return Future.failedFuture(failure);
          }
          // Built by arg(): cmd(command, args...) makes a request that takes no more arguments.
          Request park = Request.cmd(Command.XADD).arg(config.redisStream() + ":parked").arg("MAXLEN").arg("~").arg(PARKED_KEPT)
              .arg("*").arg("entry").arg(id).arg("deliveries").arg(deliveries).arg("reason").arg(String.valueOf(failure));
          for (int i = 0; i + 1 < fields.size(); i += 2) {
            park.arg(fields.get(i).toString()).arg(fields.get(i + 1).toString());
          }
          return redis.send(park).map(added -> {
            metrics.redisParked();
            log.error("Redis entry {} failed to store {} times, parked in {}: {}", id, deliveries,
                config.redisStream() + ":parked", failure);
            return (Object) added;
          });
        });
  }

  private Future<Object> refused(String id, String why) {
    log.warn("Redis entry {} refused and acknowledged: {}", id, why);
    return Future.succeededFuture();
  }

  /** An entry's field (the last, if it is there twice), or null when it has none. */
  private static String field(Response fields, String name) {
    String value = null;
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if (name.equals(fields.get(i).toString())) {
        value = fields.get(i + 1).toString();
      }
    }
    return value;
  }
}
