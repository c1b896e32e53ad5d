package chatnode.testing;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;

/**
 * Real headless Chromium (Debian's package), driven by Playwright, one per test class. Where no
 * Chromium is installed the browser tests are skipped, naming the package to install.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** Frames kept per page for a failure's report: the last ones are what explain it. */
  private static final int FRAMES_KEPT = 300;

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser browser;
  /** What each page of the current test sent and received on its WebSockets, and its errors, by page. */
  private final Map<Page, Deque<String>> wire = new LinkedHashMap<>();

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
    Page page = context.newPage();
    Deque<String> log = new ArrayDeque<>();
    wire.put(page, log);
    Consumer<String> note = line -> {
      if (log.size() == FRAMES_KEPT) {
        log.removeFirst();
      }
      log.addLast(Instant.now() + " " + line);
    };
    page.onWebSocket(ws -> {
      note.accept("open " + ws.url());
      ws.onFrameSent(f -> note.accept("→ " + f.text()));
      ws.onFrameReceived(f -> note.accept("← " + f.text()));
      ws.onClose(w -> note.accept("closed"));
    });
    page.onPageError(e -> note.accept("page error " + e));
    return page;
  }

  /** What the pages opened since the last call did on the wire, for the report of a test that failed. */
  public String wireReport() {
    StringBuilder report = new StringBuilder();
    int n = 0;
    for (Deque<String> log : wire.values()) {
      report.append("--- page ").append(++n).append('\n');
      log.forEach(line -> report.append(line).append('\n'));
    }
    return report.toString();
  }

  /** A new test: the pages of the previous one are no longer reported. */
  public void forgetPages() {
    wire.clear();
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
