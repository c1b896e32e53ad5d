package chatnode.bus;

/**
 * Headers of the frames published between nodes on {@code chat.room.*} and {@code chat.user.*};
 * the body is the frame's JSON text, encoded once by the node that produced it.
 */
public final class Wire {
  private Wire() {}

  /** The frame's seq in its conversation; absent for ephemeral frames (typing). */
  public static final String SEQ = "seq";
  /** The user the frame is from. */
  public static final String ABOUT = "about";
  /** The type of an ephemeral frame (typing, deleted). */
  public static final String TYPE = "type";
  /** The recipient of a DM or DM typing frame (the sender is {@link #ABOUT}). */
  public static final String TO = "to";
  /** The conversation of a sequenced DM frame. */
  public static final String CONV = "conv";
  /** Present when the {@code about} user's own sessions must not receive the frame. */
  public static final String SKIP_ABOUT = "skip";
}
