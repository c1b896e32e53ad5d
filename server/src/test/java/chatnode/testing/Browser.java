package chatnode.testing;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * Real headless Chromium (Debian's package), driven by Playwright, one per test class. Where no
 * Chromium is installed the browser tests are skipped, naming the package to install.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser browser;

  private Browser() {
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM).setHeadless(true)
        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic")));
  }

  public static Browser start() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
        "browser tests need Chromium at /usr/bin/chromium: apt-get install chromium (Debian's package)");
    return new Browser();
  }

  /** A fresh browser profile (its own storage), like a second person's browser. */
  public Page page(int width, int height) {
    BrowserContext context = browser.newContext(new NewContextOptions().setViewportSize(width, height));
    return context.newPage();
  }

  public static void screenshot(Page page, String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(false));
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
