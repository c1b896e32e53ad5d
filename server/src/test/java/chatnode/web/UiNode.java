package chatnode.web;

import chatnode.testing.Browser;
import chatnode.testing.NodeExtension;
import chatnode.testing.TestNode;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * What every browser test class shares: one headless Chromium and one real node, whose accounts
 * all sign up from 127.0.0.1: {@code @RegisterExtension static final UiNode ui = new UiNode();}, or
 * {@code new UiNode("--max-text", "50")} for a node with flags of its own.
 */
final class UiNode implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, TestWatcher {
  private final NodeExtension node;
  private Browser browser;

  UiNode(String... flags) {
    node = new NodeExtension(Stream.concat(Stream.of(Ui.SIGNUPS), Stream.of(flags)).toArray(String[]::new));
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    browser = Browser.start();
    node.beforeAll(context);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      node.afterAll(context);
    } finally {
      browser.close();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    browser.forgetPages();
  }

  /** A failed browser test says what its pages' WebSockets carried, which the page's view alone does not show. */
  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    System.err.println("WebSocket frames of the pages of " + context.getDisplayName() + ":\n" + browser.wireReport());
  }

  TestNode node() {
    return node.node();
  }

  Browser browser() {
    return browser;
  }
}
