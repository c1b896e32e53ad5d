package chatnode.store;

/**
 * Keys of the sequenced streams in the store: {@code r:<room>} and {@code d:<a>:<b>} with the two
 * user names in order. Names never contain ':' (see the protocol's name rules).
 */
public final class Conversations {
  private Conversations() {}

  public static String room(String room) {
    return "r:" + room;
  }

  public static String direct(String a, String b) {
    return a.compareTo(b) < 0 ? "d:" + a + ":" + b : "d:" + b + ":" + a;
  }
}
