package chat.client;

import io.vertx.core.json.JsonObject;

/**
 * A request that failed: {@code code} is the node's error code ({@code not_joined},
 * {@code forbidden}, …), or {@code timeout}, {@code unknown} (the connection dropped before the
 * answer: the message may have been stored), {@code closed}, {@code too_large}, {@code busy}; for
 * the REST API, {@code http_<status>}.
 */
public final class ChatException extends RuntimeException {
  private final String code;
  private final JsonObject frame;

  public ChatException(String code, String message) {
    this(code, message, null);
  }

  public ChatException(String code, String message, JsonObject frame) {
    super(message);
    this.code = code;
    this.frame = frame;
  }

  public String code() {
    return code;
  }

  /** The node's error frame or body, when it sent one. */
  public JsonObject frame() {
    return frame;
  }
}
