package chatnode.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PresenceChangeTest {

  @Test
  @DisplayName("every change crosses to another node and back as it was, with the node it came from")
  void roundTrip() {
    for (PresenceChange change : List.of(new PresenceChange.Opened("s1", "alice", 1234, "127.0.0.1:5000"),
        new PresenceChange.Joined("s1", "dev"), new PresenceChange.Left("s1", "dev"), new PresenceChange.Closed("s1"))) {
      JsonObject wire = new JsonObject(PresenceChange.toWire("node-a", change).encode());
      assertEquals(new PresenceChange.Remote("node-a", change), PresenceChange.fromWire(wire));
    }
  }

  @Test
  @DisplayName("the wire is the previous version's, so both versions share one registry during a rolling upgrade")
  void previousVersionsWire() {
    JsonObject old = new JsonObject().put("op", "join").put("session", "s1").put("room", "dev").put("node", "node-b");
    assertEquals(new PresenceChange.Remote("node-b", new PresenceChange.Joined("s1", "dev")), PresenceChange.fromWire(old));
    assertEquals(old, PresenceChange.toWire("node-b", new PresenceChange.Joined("s1", "dev")));
    assertNull(PresenceChange.fromWire(new JsonObject().put("op", "rename").put("session", "s1").put("node", "node-c")),
        "a change a newer node may send is ignored, not misread");
  }
}
