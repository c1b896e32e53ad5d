package chatnode.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The node's own meters, beside the event-bus, HTTP and JVM metrics of vertx-micrometer-metrics,
 * all on {@code /metrics}. Meters are thread-safe and made once: the hot path only increments.
 */
public final class Metrics {
  private final MeterRegistry registry;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicLong outboundQueued = new AtomicLong();
  private final AtomicInteger redisConnected = new AtomicInteger();
  private final Map<String, Counter> framesIn = new ConcurrentHashMap<>();
  private final Map<String, Counter> framesOut = new ConcurrentHashMap<>();
  private final Map<String, Counter> errors = new ConcurrentHashMap<>();
  private final Map<String, Counter> storeRetries = new ConcurrentHashMap<>();
  private final Counter deliveries;
  private final Counter slowClosed;
  private final Counter ephemeralDropped;
  private final Counter refusedConnections;
  private final DistributionSummary batchSize;
  private final Timer commit;
  private final Counter forwardedToOwner;
  private final Counter forwardedStoredHere;
  private final Counter rabbitmqParked;

  public Metrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("chat_connections", connections, AtomicInteger::get).description("open WebSocket sessions").register(registry);
    Gauge.builder("chat_outbound_queued_bytes", outboundQueued, AtomicLong::get)
        .description("bytes written to sessions that their sockets have not taken yet").register(registry);
    deliveries = Counter.builder("chat_deliveries").description("message and dm frames written to sessions").register(registry);
    slowClosed = Counter.builder("chat_slow_consumers_closed").description("sessions closed with 4008 for not reading").register(registry);
    ephemeralDropped = Counter.builder("chat_ephemeral_dropped").description("typing/presence frames dropped for a session more than half behind").register(registry);
    refusedConnections = Counter.builder("chat_connections_refused").description("upgrades refused by a connection limit or origin").register(registry);
    batchSize = DistributionSummary.builder("chat_store_batch_size").description("messages per store transaction").register(registry);
    commit = Timer.builder("chat_store_commit").description("time to store one batch").register(registry);
    // At 0 from the start, so that the first retry shows in a rate (a series that appears at 1 does not).
    List.of("transient", "isolate").forEach(this::storeRetries);
    forwardedToOwner = forwarded(registry, "owner");
    forwardedStoredHere = forwarded(registry, "stored_here");
    rabbitmqParked = Counter.builder("chat_rabbitmq_parked").description("RabbitMQ messages that kept failing to store, moved to the parked queue")
        .register(registry);
  }

  private static Counter forwarded(MeterRegistry registry, String outcome) {
    return Counter.builder("chat_store_forwarded").tag("outcome", outcome)
        .description("drafts sent to the node that owns their conversation, by who stored them").register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void connectionOpened() {
    connections.incrementAndGet();
  }

  public void connectionClosed() {
    connections.decrementAndGet();
  }

  public int connections() {
    return connections.get();
  }

  public void frameIn(String type) {
    framesIn.computeIfAbsent(type, t -> Counter.builder("chat_frames_in").tag("type", t).register(registry)).increment();
  }

  public void frameOut(String type) {
    framesOut.computeIfAbsent(type, t -> Counter.builder("chat_frames_out").tag("type", t).register(registry)).increment();
    if (type.equals("message") || type.equals("dm")) {
      deliveries.increment();
    }
  }

  public void error(String code) {
    errors.computeIfAbsent(code, c -> Counter.builder("chat_errors").tag("code", c).register(registry)).increment();
  }

  /** Bytes queued to a session (positive) or taken by its socket (negative). */
  public void outboundQueued(long delta) {
    outboundQueued.addAndGet(delta);
  }

  public void slowConsumerClosed() {
    slowClosed.increment();
  }

  public void ephemeralDropped() {
    ephemeralDropped.increment();
  }

  public void connectionRefused() {
    refusedConnections.increment();
  }

  /** A batch run again: {@code cause} "transient" (a lock or conflict) or "isolate" (split to find the draft the store refused). */
  public void storeRetry(String cause) {
    storeRetries(cause).increment();
  }

  private Counter storeRetries(String cause) {
    return storeRetries.computeIfAbsent(cause, c -> Counter.builder("chat_store_retries").tag("cause", c)
        .description("store batches run again").register(registry));
  }

  /** A RabbitMQ message that kept failing to store, moved to the parked queue. */
  public void rabbitmqParked() {
    rabbitmqParked.increment();
  }

  /** {@code chat_ready}: 1 while the node's latest readiness check passed (what {@code /ready} answers), else 0. */
  public void readiness(BooleanSupplier ready) {
    // Held strongly: a gauge keeps only a weak reference to what it reads, and nothing else holds this one.
    Gauge.builder("chat_ready", ready, r -> r.getAsBoolean() ? 1 : 0).strongReference(true)
        .description("1 while the node is ready: in its cluster, its store answering and taking writes, not draining").register(registry);
  }

  /** The Redis inbound reader is connected, or not; the gauge exists only on nodes that read Redis. */
  public void redisConnected(boolean connected) {
    redisConnected.set(connected ? 1 : 0);
    Gauge.builder("chat_redis_connected", redisConnected, AtomicInteger::get)
        .description("1 while the Redis inbound reader is connected, 0 while it reconnects").register(registry);
  }

  public void redisReconnected() {
    Counter.builder("chat_redis_reconnects").description("times the Redis inbound reader connected again after losing Redis")
        .register(registry).increment();
  }

  public void redisParked() {
    Counter.builder("chat_redis_parked").description("Redis entries that kept failing to store, moved to the parked stream")
        .register(registry).increment();
  }

  /**
   * A draft posted here went to the node that owns its conversation: {@code storedHere} when that
   * node could not answer (it left, or was not there) and the draft was stored here instead.
   */
  public void forwarded(boolean storedHere) {
    (storedHere ? forwardedStoredHere : forwardedToOwner).increment();
  }

  public void storeBatch(int size, long nanos) {
    batchSize.record(size);
    commit.record(nanos, TimeUnit.NANOSECONDS);
  }
}
