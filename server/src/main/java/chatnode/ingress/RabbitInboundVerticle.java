package chatnode.ingress;

import chatnode.config.NodeConfig;
import chatnode.ops.Metrics;
import chatnode.ops.Readiness;
import com.rabbitmq.client.AMQP;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import io.vertx.rabbitmq.RabbitMQOptions;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the messages of a RabbitMQ queue into rooms, for applications that publish to RabbitMQ
 * rather than calling the HTTP publish API. Every node consumes the one durable queue, so the
 * broker hands each message to one of them; a message is acknowledged only once stored (a node
 * that dies holding it has it handed to another), and its AMQP {@code message-id} is the message's
 * idempotency key, so one delivered again is not stored twice. A message that failed to store is
 * published again with its delivery count ({@value #DELIVERIES} header) and acknowledged; on its
 * {@value Inbound#MAX_DELIVERIES}th failure it goes to {@code <queue>.parked} with the reason
 * instead. Body: JSON {@code {room, from, text}}.
 */
public final class RabbitInboundVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(RabbitInboundVerticle.class);
  /** Messages a node holds unacknowledged at once: the broker's prefetch, and the client's buffer. */
  private static final int PREFETCH = 100;
  /** How long a message the node could not take (busy, or a failed store) waits before it goes back. */
  private static final long RETRY_AFTER_MS = 1_000;
  private static final long CONFIRM_MS = 5_000;
  static final String DELIVERIES = "x-chat-deliveries";
  static final String CONNECTION_NAME = "chat-node ";

  private final NodeConfig config;
  private final String nodeId;
  private final Readiness readiness;
  private final Metrics metrics;
  private RabbitMQClient client;

  public RabbitInboundVerticle(NodeConfig config, String nodeId, Readiness readiness, Metrics metrics) {
    this.config = config;
    this.nodeId = nodeId;
    this.readiness = readiness;
    this.metrics = metrics;
  }

  /**
   * Connects and starts consuming in the background (a RabbitMQ that is not there yet is waited for,
   * not a failed start); the client reconnects by itself, declaring the queues again each time.
   */
  @Override
  public Future<?> start() {
    // Named, so that the broker's operators see which node a connection is.
    client = RabbitMQClient.create(vertx, new RabbitMQOptions().setUri(config.rabbitmqUrl()).setConnectionName(CONNECTION_NAME + nodeId)
        .setReconnectAttempts(Integer.MAX_VALUE).setReconnectInterval(1_000));
    readiness.reportInput("rabbitmq", () -> client.isConnected() ? "connected" : "reconnecting");
    client.addConnectionEstablishedCallback(declared -> client.queueDeclare(config.rabbitmqQueue(), true, false, false)
        .compose(ok -> client.queueDeclare(parked(), true, false, false))
        .compose(ok -> client.confirmSelect())
        .compose(v -> client.basicQos(PREFETCH))
        .onComplete(declared));
    client.start()
        .compose(v -> client.basicConsumer(config.rabbitmqQueue(), new QueueOptions().setAutoAck(false).setMaxInternalQueueSize(PREFETCH)))
        .onSuccess(consumer -> {
          consumer.exceptionHandler(e -> log.warn("RabbitMQ consumer of {}: {}", config.rabbitmqQueue(), e.toString()));
          consumer.handler(this::handle);
          log.info("posting messages of RabbitMQ queue {}", config.rabbitmqQueue());
        })
        .onFailure(e -> log.error("RabbitMQ queue {} not consumed: {}", config.rabbitmqQueue(), e.toString()));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return client.stop();
  }

  private String parked() {
    return config.rabbitmqQueue() + ".parked";
  }

  private void handle(RabbitMQMessage message) {
    long tag = message.envelope().getDeliveryTag();
    String id = message.properties().getMessageId();
    post(message).compose(result -> switch (result.outcome()) {
      case STORED -> client.basicAck(tag, false);
      case REFUSED -> {
        log.warn("RabbitMQ message {} refused and acknowledged: {}", id, result.reason());
        yield client.basicAck(tag, false);
      }
      // The node is busy, not the message wrong: back to the queue as it is, a moment later.
      case BUSY -> later().compose(v -> client.basicNack(tag, false, true));
      case FAILED -> failed(message, result.reason());
    }).onFailure(e -> log.warn("RabbitMQ message {} not settled, the broker hands it out again: {}", id, e.toString()));
  }

  /** The message posted: a JSON body {@code {room, from, text}} with a {@code message-id} (its idempotency key). */
  private Future<Inbound.Result> post(RabbitMQMessage message) {
    String id = message.properties().getMessageId();
    if (id == null || id.isEmpty()) {
      return Future.succeededFuture(Inbound.refused("a message needs a message-id (its idempotency key)"));
    }
    JsonObject body;
    try {
      body = message.body().toJsonObject();
    } catch (RuntimeException e) { // not JSON, or not an object
      return Future.succeededFuture(Inbound.refused("the body is not a JSON object: " + e.getMessage()));
    }
    return Inbound.post(vertx, "rabbitmq", id, text(body, "room"), text(body, "from"), text(body, "text"), config.maxTextCodePoints());
  }

  /** A string field of the body, or null when it is missing or not a string. */
  private static String text(JsonObject body, String field) {
    return body.getValue(field) instanceof String s ? s : null;
  }

  /**
   * A message that failed to store goes back to the queue with one more delivery counted, or to the
   * parked queue once its deliveries are spent; acknowledged once the broker confirmed the copy (a
   * crash in between leaves two copies, which the idempotency key makes one).
   */
  private Future<Void> failed(RabbitMQMessage message, String reason) {
    Map<String, Object> headers = new HashMap<>(message.properties().getHeaders() == null ? Map.of() : message.properties().getHeaders());
    int deliveries = 1 + (headers.get(DELIVERIES) instanceof Number n ? n.intValue() : 0);
    headers.put(DELIVERIES, deliveries);
    boolean spent = deliveries >= Inbound.MAX_DELIVERIES;
    if (spent) {
      headers.put("x-chat-reason", String.valueOf(reason));
    }
    AMQP.BasicProperties copy = new AMQP.BasicProperties.Builder().messageId(message.properties().getMessageId())
        .contentType(message.properties().getContentType()).headers(headers).deliveryMode(2).build();
    return (spent ? Future.<Void>succeededFuture() : later())
        .compose(v -> client.basicPublish("", spent ? parked() : config.rabbitmqQueue(), copy, message.body()))
        .compose(v -> client.waitForConfirms(CONFIRM_MS))
        .compose(v -> client.basicAck(message.envelope().getDeliveryTag(), false))
        .onSuccess(v -> {
          if (spent) {
            metrics.rabbitmqParked();
            log.error("RabbitMQ message {} failed to store {} times, parked in {}: {}", message.properties().getMessageId(),
                deliveries, parked(), reason);
          }
        });
  }

  private Future<Void> later() {
    return vertx.timer(RETRY_AFTER_MS).mapEmpty();
  }
}
