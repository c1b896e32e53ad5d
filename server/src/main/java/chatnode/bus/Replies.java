package chatnode.bus;

import chatnode.protocol.ChatException;
import chatnode.protocol.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.util.function.Function;
import org.slf4j.Logger;

/** Answers an event-bus request with a result, or with the refusal's protocol error code. */
public final class Replies {
  private Replies() {}

  /**
   * Serves a local address: each request's body goes to {@code handler}, and its result or refusal
   * is the answer. The future completes once the consumer is registered.
   */
  public static <R, T> Future<Void> serve(Vertx vertx, String address, Function<R, Future<T>> handler, Logger log) {
    return vertx.eventBus().<R>localConsumer(address, m -> answer(m, handler.apply(m.body()), log, address)).completion();
  }

  /** An internal failure is logged here, once, with what was being done; a refusal is the caller's business. */
  public static <T> void answer(Message<?> request, Future<T> result, Logger log, String what) {
    result.onSuccess(request::reply).onFailure(e -> {
      ChatException refused = ChatException.of(e);
      if (refused.code() == ErrorCode.INTERNAL) {
        log.error("{} failed", what, e);
      }
      request.fail(refused.busCode(), refused.getMessage());
    });
  }
}
