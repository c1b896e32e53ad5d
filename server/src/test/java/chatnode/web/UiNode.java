package chatnode.web;

import chatnode.testing.Browser;
import chatnode.testing.NodeExtension;
import chatnode.testing.TestNode;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every browser test class shares: one headless Chromium and one real node, whose accounts
 * all sign up from 127.0.0.1: {@code @RegisterExtension static final UiNode ui = new UiNode();}.
 */
final class UiNode implements BeforeAllCallback, AfterAllCallback {
  private final NodeExtension node = new NodeExtension(Ui.SIGNUPS);
  private Browser browser;

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

  TestNode node() {
    return node.node();
  }

  Browser browser() {
    return browser;
  }
}
