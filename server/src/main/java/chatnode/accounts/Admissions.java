package chatnode.accounts;

import chatnode.moderation.Moderation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What admitting a token's user needs to know, per user, cached on this node: the user exists,
 * its ban (if any, as read) and when its tokens were last revoked. Admin changes to a user
 * (ban, unban, revoke) make every node forget that user, so the next admission reads it again.
 * A read that started before such a change is not cached. Bounded (least recently used go first);
 * owned by the profile verticle's event loop.
 */
final class Admissions {
  /** A user's standing as read from the store: {@code ban} null when none was in force. */
  record Standing(Moderation.Ban ban, long revokedAt) {}

  private final int max;
  private final Map<String, Standing> known;
  /** Counts the changes forgotten: a read that started before one may be stale. */
  private long changes;

  Admissions(int max) {
    this.max = max;
    this.known = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Standing> eldest) {
        return size() > Admissions.this.max;
      }
    };
  }

  Standing get(String user) {
    return known.get(user);
  }

  /** The mark to pass to {@link #put}, taken before the read. */
  long mark() {
    return changes;
  }

  void put(String user, Standing standing, long mark) {
    if (mark == changes) {
      known.put(user, standing);
    }
  }

  void forget(String user) {
    known.remove(user);
    changes++;
  }
}
