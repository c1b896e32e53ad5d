package chatnode.bus;

/** The protocol's numbers that several parts of the node use: close codes and page sizes, each once. */
public final class Protocol {
  private Protocol() {}

  /** The protocol version a node speaks ({@code welcome}'s {@code protocol}). */
  public static final int VERSION = 1;

  /** Close codes: auth missing, invalid, expired, revoked or too late. */
  public static final short CLOSE_AUTH = 4401;
  public static final short CLOSE_BANNED = 4403;
  public static final short CLOSE_KICKED = 4001;
  /** Flooding after repeated rate_limited, or a client too slow to read. */
  public static final short CLOSE_POLICY = 4008;
  /** The node is shutting down: reconnect to any node. */
  public static final short CLOSE_RESTART = 1012;
  /** The client stopped answering (heartbeat). */
  public static final short CLOSE_GONE = 1001;
  public static final short CLOSE_TOO_BIG = 1009;
  public static final short CLOSE_ERROR = 1011;

  /** The largest page of messages (history, backlog, REST lists) and the one given when none is asked for. */
  public static final int MAX_PAGE = 200;
  public static final int DEFAULT_PAGE = 50;
}
