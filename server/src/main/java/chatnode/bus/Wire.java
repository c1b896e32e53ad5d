package chatnode.bus;

import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Headers of the frames published between nodes on {@code chat.room.*} and {@code chat.user.*};
 * the body is the frame's JSON text, encoded once by the node that produced it. The headers of
 * each kind of frame are built here and nowhere else.
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
  /** A change's rev in its conversation's change stream (then {@link #SEQ} is the seq of the message it changes). */
  public static final String REV = "rev";
  /** The conversation of a sequenced DM frame. */
  public static final String CONV = "conv";
  /** Present when the {@code about} user's own sessions must not receive the frame. */
  public static final String SKIP_ABOUT = "skip";
  /** The one session of the recipient that must not receive a frame for all of the user's sessions. */
  public static final String SKIP_SESSION = "skipSession";

  /** A stored message: its seq, sender and conversation; a DM also its recipient. */
  public static DeliveryOptions stored(Stored m) {
    DeliveryOptions options = new DeliveryOptions().addHeader(SEQ, Long.toString(m.seq())).addHeader(ABOUT, m.from())
        .addHeader(CONV, m.conversation());
    return m.isRoom() ? options : options.addHeader(TO, m.to()).addHeader(TYPE, "dm");
  }

  /**
   * A stored change: its rev, the seq of its message, its conversation and frame type; a DM's
   * change names the message's two users as a DM does ({@link #ABOUT} its sender, {@link #TO} its recipient).
   */
  public static DeliveryOptions changed(Change c) {
    DeliveryOptions options = new DeliveryOptions().addHeader(REV, Long.toString(c.rev())).addHeader(SEQ, Long.toString(c.seq()))
        .addHeader(CONV, c.conversation()).addHeader(TYPE, c.kind().frameType());
    return c.isRoom() ? options.addHeader(ABOUT, c.actor()) : options.addHeader(ABOUT, c.from()).addHeader(TO, c.to());
  }

  /** An ephemeral frame in a room about {@code user}, to every member. */
  public static DeliveryOptions roomEvent(String user, String type) {
    return new DeliveryOptions().addHeader(ABOUT, user).addHeader(TYPE, type);
  }

  /** An ephemeral frame in a room about {@code user}, to every member but the user's own sessions (a typing notice, say). */
  public static DeliveryOptions roomEventNotAbout(String user, String type) {
    return roomEvent(user, type).addHeader(SKIP_ABOUT, "1");
  }

  /** An ephemeral frame for every session of {@code user} (on {@link Addresses#DIRECT}). */
  public static DeliveryOptions toUser(String user, String type) {
    return new DeliveryOptions().addHeader(ABOUT, user).addHeader(TO, user).addHeader(TYPE, type);
  }

  /** An ephemeral frame for every session of {@code user} but {@code exceptSession} (none when null). */
  public static DeliveryOptions toUser(String user, String type, String exceptSession) {
    DeliveryOptions options = toUser(user, type);
    return exceptSession == null ? options : options.addHeader(SKIP_SESSION, exceptSession);
  }

  /** A typing notice in a DM conversation, to {@code to}. */
  public static DeliveryOptions directTyping(String from, String to) {
    return new DeliveryOptions().addHeader(ABOUT, from).addHeader(TO, to).addHeader(TYPE, "typing");
  }
}
