package chatnode.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Http;
import chatnode.testing.TestNode;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientLimitsTest {

  @Test
  @DisplayName("GET /api/config tells anyone the limits this node enforces, as configured")
  void limitsAsConfigured(@TempDir Path data) {
    try (TestNode node = TestNode.start(data, "--max-text", "100", "--max-frame-bytes", "8192", "--rate-limit", "7",
        "--rate-burst", "9", "--max-rooms-per-session", "3",
        "--edit-window-minutes", "90")) {
      Http.Reply r = Http.get(node.url() + "/api/config", null);
      assertEquals(200, r.status());
      assertEquals(new JsonObject().put("protocol", 1).put("maxText", 100).put("maxFrameBytes", 8192).put("rateLimit", 7)
          .put("rateBurst", 9).put("maxRoomsPerSession", 3).put("maxPage", 200).put("heartbeatIntervalMs", 30000)
          .put("userPattern", "^[a-z0-9_]{3,32}$").put("roomPattern", "^[a-z0-9][a-z0-9_-]{0,63}$")
          .put("maxWatch", 200).put("maxProfileBatch", 200).put("maxDisplayName", 64).put("maxStatusText", 100)
          .put("maxBio", 500).put("maxReason", 200)
          .put("maxModerationMinutes", 525600).put("minPassword", 8).put("maxPassword", 256).put("maxTopic", 250)
          .put("editWindowMinutes", 90).put("maxReactions", 20), r.body());
    }
  }
}
