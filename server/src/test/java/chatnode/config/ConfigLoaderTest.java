package chatnode.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  @DisplayName("flags beat the environment, which beats the file, which beats the defaults")
  void precedence(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("node.json");
    Files.writeString(file, "{\"port\": 9001, \"rate-limit\": 5, \"rate-burst\": 50, \"allowed-origins\": [\"https://a.example\", \"https://b.example\"]}");
    NodeConfig c = ConfigLoader.load(new String[] {"--config", file.toString(), "--port", "9003"},
        Map.of("CHAT_PORT", "9002", "CHAT_RATE_LIMIT", "7"));
    assertEquals(9003, c.port(), "flag");
    assertEquals(7, c.rateLimitPerSecond(), "environment over file");
    assertEquals(50, c.rateLimitBurst(), "file over default");
    assertEquals(4000, c.maxTextCodePoints(), "default");
    assertEquals(java.util.List.of("https://a.example", "https://b.example"), c.allowedOrigins(), "a JSON array");
    assertFalse(ConfigLoader.load(new String[] {"--standalone"}, Map.of()).clustered(), "a switch without a value");
  }

  @Test
  @DisplayName("every problem is reported at once, naming the setting: unknown keys, bad numbers, ranges, pairs")
  void problems(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("node.json");
    Files.writeString(file, "{\"no-such-setting\": 1}");
    ConfigLoader.InvalidConfig e = assertThrows(ConfigLoader.InvalidConfig.class, () -> ConfigLoader.load(new String[] {
        "--config", file.toString(), "--port", "eighty", "--rate-limit", "50", "--rate-burst", "10", "--tls-cert", "c.pem",
        "--bogus", "1", "--transport", "dpdk"}, Map.of("CHAT_STORE_SYNC", "sometimes")));
    String m = e.getMessage();
    for (String expected : new String[] {"unknown key 'no-such-setting'", "port must be a whole number", "rate-burst (10) must be at least rate-limit (50)",
        "tls-cert and tls-key go together", "unknown flag --bogus", "store-sync must be one of",
        "transport must be one of"}) {
      assertTrue(m.contains(expected), () -> "missing '" + expected + "' in: " + m);
    }
  }

  @Test
  @DisplayName("the effective configuration masks every setting the table marks secret, and shows the others")
  void secretsMasked() {
    List<String> args = new ArrayList<>(List.of("--tls-cert", "node.pem", "--cluster-tls-cert", "bus.pem", "--cluster-tls-trust", "ca.pem"));
    List<Settings.Setting> secrets = Settings.ALL.stream().filter(Settings.Setting::secret).toList();
    secrets.forEach(s -> args.addAll(List.of("--" + s.key(), "hidden-" + s.key() + "-at-least-32-bytes-long")));
    String described = ConfigLoader.describe(ConfigLoader.load(args.toArray(String[]::new), Map.of()));
    assertEquals(List.of("jwt-secret", "admin-password", "tls-key", "cluster-tls-key"), secrets.stream().map(Settings.Setting::key).toList());
    secrets.forEach(s -> assertFalse(described.contains("hidden-" + s.key()), () -> s.key() + " shown in: " + described));
    assertTrue(described.contains("node.pem") && described.contains("bus.pem"), described);
  }

  @Test
  @DisplayName("the effective configuration masks the passwords in the inputs' URLs and shows where they point")
  void urlPasswordsMasked() {
    String described = ConfigLoader.describe(ConfigLoader.load(new String[] {"--redis-url", "redis://:redis-pw@127.0.0.1:6379",
        "--rabbitmq-url", "amqp://chat:rabbit-pw@127.0.0.1:5672"}, Map.of()));
    assertFalse(described.contains("redis-pw") || described.contains("rabbit-pw"), described);
    assertTrue(described.contains("redis://:****@127.0.0.1:6379") && described.contains("amqp://chat:****@127.0.0.1:5672"), described);
  }
}
