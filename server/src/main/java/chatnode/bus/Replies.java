package chatnode.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;

/** Answers an event-bus request with a result, or with the refusal's protocol error code. */
public final class Replies {
  private Replies() {}

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
