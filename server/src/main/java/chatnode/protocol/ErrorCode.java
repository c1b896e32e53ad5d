package chatnode.protocol;

/** The protocol's error codes, with the HTTP status each maps to. */
public enum ErrorCode {
  BAD_REQUEST(400),
  UNAUTHORIZED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  CONFLICT(409),
  TOO_LARGE(413),
  RATE_LIMITED(429),
  NOT_JOINED(400),
  INTERNAL(500);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
