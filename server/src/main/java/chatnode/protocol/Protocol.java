package chatnode.protocol;

/** The protocol's numbers that several parts of the node use: close codes, page sizes, name rules and field lengths, each once. */
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

  /** Names: user names (lower case, digits, underscore) and room names (also '-', starting with a letter or digit). */
  public static final String USER_PATTERN = "^[a-z0-9_]{3,32}$";
  public static final String ROOM_PATTERN = "^[a-z0-9][a-z0-9_-]{0,63}$";
  /** A frame's {@code ref}, in code points. */
  public static final int MAX_REF = 64;
  /** Users in one {@code watch} and profiles in one batch read. */
  public static final int MAX_WATCH = 200;
  public static final int MAX_PROFILE_BATCH = 200;
  /** Profile fields and a moderation reason, in code points. */
  public static final int MAX_DISPLAY_NAME = 64;
  public static final int MAX_STATUS_TEXT = 100;
  public static final int MAX_BIO = 500;
  public static final int MAX_REASON = 200;
  /** Distinct users one message may mention; later mentions in it are plain text. */
  public static final int MAX_MENTIONS = 20;
  /** Different emoji one message may have reactions with, and an emoji's length in code points. */
  public static final int MAX_REACTIONS = 20;
  public static final int MAX_EMOJI = 10;
  /** A room's topic, in code points. */
  public static final int MAX_TOPIC = 250;
  /** A ban's or mute's length, in minutes: up to a year. */
  public static final int MAX_MODERATION_MINUTES = 525_600;
  /** A new password's length (at login any up to the maximum is tried). */
  public static final int MIN_PASSWORD = 8;
  public static final int MAX_PASSWORD = 256;
}
