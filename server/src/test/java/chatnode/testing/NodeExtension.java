package chatnode.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real node for all the tests of a class, on data of its own:
 * {@code @RegisterExtension static NodeExtension node = new NodeExtension("--flag", "value");}.
 */
public final class NodeExtension implements BeforeAllCallback, AfterAllCallback {
  private final String[] flags;
  private TestNode node;

  public NodeExtension(String... flags) {
    this.flags = flags;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    node = TestNode.start(Files.createTempDirectory("chat-test-node"), flags);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    node.close();
    try (var files = Files.walk(data())) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  public TestNode node() {
    return node;
  }

  public Path data() {
    return node.config().dataDir();
  }
}
