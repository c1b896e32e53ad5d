package chatnode.protocol;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/** A refusal with a protocol error code; travels over the event bus as a failure code. */
public final class ChatException extends RuntimeException {
  private final ErrorCode code;
  private final String field;

  public ChatException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public ChatException(ErrorCode code, String message, String field) {
    super(message, null, false, false);
    this.code = code;
    this.field = field;
  }

  public ErrorCode code() {
    return code;
  }

  public String field() {
    return field;
  }

  /** Maps any failure, including one that came back over the event bus, to a protocol error. */
  public static ChatException of(Throwable failure) {
    if (failure instanceof ChatException e) {
      return e;
    }
    if (failure instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && r.failureCode() >= 0 && r.failureCode() < ErrorCode.values().length) {
      return new ChatException(ErrorCode.values()[r.failureCode()], r.getMessage());
    }
    return new ChatException(ErrorCode.INTERNAL, "internal error");
  }

  /** The event-bus failure code of this refusal. */
  public int busCode() {
    return code.ordinal();
  }
}
