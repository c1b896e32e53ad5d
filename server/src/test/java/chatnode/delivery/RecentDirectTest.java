package chatnode.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecentDirectTest {

  @Test
  @DisplayName("remembers the newest seq per conversation, crossed ones included")
  void newest() {
    RecentDirect recent = new RecentDirect(10, 1_000);
    recent.record("d:a:b", 2, 0);
    recent.record("d:a:b", 1, 5);
    recent.record("d:a:c", 7, 5);
    assertEquals(2, recent.newest("d:a:b", 10));
    assertEquals(7, recent.newest("d:a:c", 10));
    assertEquals(0, recent.newest("d:b:c", 10));
  }

  @Test
  @DisplayName("forgets what is older than its window, and the eldest past its size")
  void bounded() {
    RecentDirect recent = new RecentDirect(2, 1_000);
    recent.record("d:a:b", 1, 0);
    assertEquals(0, recent.newest("d:a:b", 1_001), "past the window");
    recent.record("d:a:c", 1, 2_000);
    recent.record("d:a:d", 1, 2_001);
    recent.record("d:a:e", 1, 2_002);
    assertEquals(0, recent.newest("d:a:c", 2_003), "the eldest went past the size");
    assertEquals(1, recent.newest("d:a:d", 2_003));
    assertEquals(1, recent.newest("d:a:e", 2_003));
  }
}
