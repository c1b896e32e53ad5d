package chatnode.delivery;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The newest seq of each DM conversation that this node's bus brought lately, whoever it was for
 * (every node receives every DM). When one of its users comes to this node later, the messages up
 * to that seq had been published before: the user's client has them (live on another node, or in
 * history), and they are not delivered again. Bounded in size and age; owned by one event loop.
 */
final class RecentDirect {
  private record Seen(long seq, long atMs) {}

  private final int maxEntries;
  private final long windowMs;
  /** In order of the last update: the eldest entries go first. */
  private final LinkedHashMap<String, Seen> seen = new LinkedHashMap<>();

  RecentDirect(int maxEntries, long windowMs) {
    this.maxEntries = maxEntries;
    this.windowMs = windowMs;
  }

  void record(String conv, long seq, long nowMs) {
    Seen before = seen.remove(conv);
    seen.put(conv, new Seen(before == null ? seq : Math.max(seq, before.seq()), nowMs));
    Iterator<Map.Entry<String, Seen>> eldest = seen.entrySet().iterator();
    while (eldest.hasNext()) {
      Map.Entry<String, Seen> e = eldest.next();
      if (seen.size() <= maxEntries && nowMs - e.getValue().atMs() <= windowMs) {
        break;
      }
      eldest.remove();
    }
  }

  /** The newest seq of {@code conv} seen within the window, or 0. */
  long newest(String conv, long nowMs) {
    Seen s = seen.get(conv);
    return s == null || nowMs - s.atMs() > windowMs ? 0 : s.seq();
  }
}
