package chatnode.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import chatnode.moderation.Moderation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AdmissionsTest {
  private static final Admissions.Standing CLEAN = new Admissions.Standing(null, 0);

  @Test
  @DisplayName("a read that started before a change is not cached; one after it is")
  void staleReadsAreNotKept() {
    Admissions cache = new Admissions(10);
    long before = cache.mark();
    cache.forget("ann");
    cache.put("ann", CLEAN, before);
    assertNull(cache.get("ann"), "read before the ban, answered after it");
    Admissions.Standing banned = new Admissions.Standing(new Moderation.Ban(null, "spam"), 0);
    cache.put("ann", banned, cache.mark());
    assertEquals(banned, cache.get("ann"));
    cache.forget("ann");
    assertNull(cache.get("ann"));
  }

  @Test
  @DisplayName("bounded: the least recently used user goes first")
  void bounded() {
    Admissions cache = new Admissions(2);
    cache.put("ann", CLEAN, cache.mark());
    cache.put("ben", CLEAN, cache.mark());
    cache.get("ann");
    cache.put("cat", CLEAN, cache.mark());
    assertNull(cache.get("ben"));
    assertEquals(CLEAN, cache.get("ann"));
    assertEquals(CLEAN, cache.get("cat"));
  }
}
