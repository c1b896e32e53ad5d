package chatnode.accounts;

import chatnode.config.NodeConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The token secret: from config, else kept in {@code <data>/jwt-secret} (mode 600), made on first start. */
public final class Secrets {
  private Secrets() {}

  /** Blocking file I/O: call at start-up, off any event loop. */
  public static String tokenSecret(NodeConfig config) throws IOException {
    if (config.jwtSecret() != null) {
      return config.jwtSecret();
    }
    Path file = config.dataDir().resolve("jwt-secret");
    if (!Files.exists(file)) {
      Files.createDirectories(config.dataDir());
      // Written whole to a private temp file, then linked into place: nodes starting together on one
      // host either create the secret or read the complete one another node created.
      Path temp = Files.createTempFile(config.dataDir(), "jwt-secret", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(temp, Passwords.randomSecret(48), StandardCharsets.UTF_8);
        Files.createLink(file, temp);
      } catch (FileAlreadyExistsException e) {
        // another node of this host won the race
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }
}
