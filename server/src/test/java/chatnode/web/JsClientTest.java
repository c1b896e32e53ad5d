package chatnode.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Http;
import chatnode.testing.NodeScript;
import chatnode.testing.TestClient;
import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The JavaScript client's README examples, exactly as written there, chat with a real node: the browser page in Chromium, the bot in Node. */
@ExtendWith(VertxExtension.class)
class JsClientTest {
  static final Path README = Path.of("..", "client-web", "README.md");

  @RegisterExtension
  static final UiNode ui = new UiNode();

  /** The first code block of {@code language} under the README heading {@code heading}. */
  static String example(String heading, String language) throws IOException {
    String readme = Files.readString(README);
    Matcher m = Pattern.compile("## " + Pattern.quote(heading) + "\\n.*?```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertTrue(m.find(), "README has a " + language + " example under " + heading);
    return m.group(1);
  }

  /** A whole client in under 30 lines, as the issue asks. */
  static void shortEnough(String... files) {
    long lines = Stream.of(files).mapToLong(f -> f.lines().count()).sum();
    assertTrue(lines < 30, lines + " lines");
  }

  @Test
  @DisplayName("the README's browser page, served at /examples/chat.html, logs in, joins lobby, shows what others say and sends what is typed")
  void browserExample(Vertx vertx) throws IOException {
    String html = example("A chat page in a browser", "html");
    String script = example("A chat page in a browser", "js");
    shortEnough(html, script);
    String base = ui.node().url();
    assertEquals(201, Http.post(base + "/api/auth/register", null,
        new JsonObject().put("username", "page_user").put("password", "page-password")).status());
    Page page = ui.browser().page(800, 600);
    assertEquals(html, Http.text(base + "/examples/chat.html"), "the node serves the README's page");
    assertEquals(script, Http.text(base + "/examples/chat.js"), "and its script");
    List<String> answers = List.of("page_user", "page-password");
    int[] asked = {0};
    page.onDialog(d -> d.accept(answers.get(asked[0]++)));
    try (TestClient other = TestClient.login(vertx, ui.node(), "page_other")) {
      other.join("lobby");
      page.navigate(base + "/examples/chat.html");
      other.await(f -> "member".equals(f.getString("type")) && "page_user".equals(f.getString("user")));
      page.locator("#text").fill("hello from the page");
      page.locator("#text").press("Enter");
      JsonObject said = other.await(f -> "message".equals(f.getString("type")) && "page_user".equals(f.getString("from")));
      assertEquals("hello from the page", said.getString("text"));
      assertThat(page.locator("#text")).hasValue("");
      assertThat(page.locator("#messages li").last()).hasText("page_user: hello from the page");
      other.say("lobby", "hello page", "1");
      assertThat(page.locator("#messages li").last()).hasText("page_other: hello page");
    }
  }

  @Test
  @DisplayName("the README's Node bot joins lobby, echoes !echo with a reply, and answers DMs")
  void nodeExample(Vertx vertx, @TempDir Path dir) throws IOException {
    String program = example("A bot in Node", "js");
    shortEnough(program);
    Path bot = NodeScript.besideLibrary(dir, "bot.mjs", program);
    Map<String, String> env = Map.of("CHAT_URL", "ws://127.0.0.1:" + ui.node().port() + "/ws",
        "CHAT_TOKEN", ui.node().token("echo_bot", "service"));
    try (NodeScript running = NodeScript.run(bot, env); TestClient alice = TestClient.login(vertx, ui.node(), "bot_alice")) {
      alice.join("lobby");
      running.await("in lobby");
      alice.say("lobby", "!echo is anyone there?", "1");
      JsonObject mine = alice.await(f -> "message".equals(f.getString("type")) && "bot_alice".equals(f.getString("from"))
          && f.getString("text").startsWith("!echo"));
      JsonObject echo = alice.await(f -> "message".equals(f.getString("type")) && "echo_bot".equals(f.getString("from")));
      assertEquals("bot_alice said: is anyone there?", echo.getString("text"));
      assertEquals(mine.getLong("seq"), echo.getLong("replyTo"));
      alice.dm("echo_bot", "psst", "2");
      JsonObject answer = alice.await(f -> "dm".equals(f.getString("type")) && "echo_bot".equals(f.getString("from")));
      assertEquals("you said: psst", answer.getString("text"));
    }
  }
}
