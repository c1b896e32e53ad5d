package chatnode.web;

import static chatnode.web.Ui.joinRoom;
import static chatnode.web.Ui.message;
import static chatnode.web.Ui.messages;
import static chatnode.web.Ui.openDm;
import static chatnode.web.Ui.roomItem;
import static chatnode.web.Ui.signUp;
import static chatnode.web.Ui.type;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import chatnode.testing.Browser;
import chatnode.testing.Http;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Messages people work with in the web UI: replies, search, links and formatting. */
class MessagesUiTest {
  @RegisterExtension
  static final UiNode ui = new UiNode();

  @Test
  @DisplayName("bob replies to ann's message: both see the reply with the quoted message above it; a reply in a DM too")
  void reply() {
    Page ann = signUp(ui.browser(), ui.node().url(), "ann_mu");
    Page bob = signUp(ui.browser(), ui.node().url(), "bob_mu");
    joinRoom(ann, "porch");
    joinRoom(bob, "porch");
    type(ann, "who brings the cake?");
    message(bob, "who brings the cake?").locator(".reply").click();
    assertThat(bob.locator("#reply-bar")).containsText("Replying to ANN_MU: who brings the cake?");
    type(bob, "I do");
    assertThat(bob.locator("#reply-bar")).isHidden();
    for (Page page : new Page[] {ann, bob}) {
      assertThat(message(page, "I do").locator(".quote")).hasText("↪ ANN_MU: who brings the cake?");
    }
    Browser.screenshot(ann, "messages-reply");

    openDm(ann, "bob_mu");
    type(ann, "and the candles?");
    bob.locator("#dm-list button").click();
    message(bob, "and the candles?").locator(".reply").click();
    type(bob, "those too");
    assertThat(message(ann, "those too").locator(".quote")).hasText("↪ ANN_MU: and the candles?");
  }

  @Test
  @DisplayName("a search lists what the reader may read; a hit older than the page held opens the room at it")
  void searchAndJump() {
    assertEquals(201, Http.post(ui.node().url() + "/api/auth/register", null, new JsonObject().put("username", "cat_mu")
        .put("password", "password-cat_mu").put("displayName", "CAT_MU")).status());
    String service = ui.node().token("svc_mu", "service");
    Http.Reply first = Http.post(ui.node().url() + "/api/rooms/archive/messages", service,
        new JsonObject().put("text", "the zebra minutes of the first meeting").put("from", "cat_mu"));
    assertEquals(201, first.status());
    for (int i = 0; i < 80; i++) {
      assertEquals(201, Http.post(ui.node().url() + "/api/rooms/archive/messages", service,
          new JsonObject().put("text", "routine note " + i).put("from", "cat_mu")).status());
    }
    Page dan = signUp(ui.browser(), ui.node().url(), "dan_mu");
    dan.getByLabel("Search messages").fill("zebra");
    dan.getByLabel("Search messages").press("Enter");
    Locator hit = dan.locator("#search-results .result");
    assertThat(hit).hasCount(1);
    assertThat(hit.locator(".snippet")).hasText("the zebra minutes of the first meeting");
    assertThat(hit.locator(".where")).containsText("# archive · CAT_MU");
    Browser.screenshot(dan, "messages-search");
    hit.click();
    assertThat(dan.locator("#search-panel")).isHidden();
    assertThat(dan.locator("#conversation-title")).containsText("# archive");
    assertThat(message(dan, "the zebra minutes of the first meeting")).isInViewport();
    assertThat(roomItem(dan, "archive")).isVisible();

    dan.getByLabel("Search messages").fill("no such word anywhere");
    dan.getByLabel("Search messages").press("Enter");
    assertThat(dan.locator("#search-status")).hasText("Nothing found for “no such word anywhere”.");
    assertThat(messages(dan).last()).hasText("routine note 79");
  }

  @Test
  @DisplayName("an http or https address is a link that opens safely; other schemes and markup stay text")
  void links() {
    Page eli = signUp(ui.browser(), ui.node().url(), "eli_mu");
    Page fay = signUp(ui.browser(), ui.node().url(), "fay_mu");
    joinRoom(eli, "links");
    joinRoom(fay, "links");
    String text = "guide at https://example.test/guide?x=1&y=2. Not javascript:alert(1) nor <img src=x onerror=alert(1)> "
        + "nor https://\"><script>alert(2)</script>";
    type(eli, text);
    Locator said = message(fay, "guide at");
    assertThat(said.locator(".text")).hasText(text);
    Locator link = said.locator(".text a");
    assertThat(link).hasCount(1);
    assertThat(link).hasText("https://example.test/guide?x=1&y=2");
    assertThat(link).hasAttribute("href", "https://example.test/guide?x=1&y=2");
    assertThat(link).hasAttribute("rel", "noopener noreferrer");
    assertThat(link).hasAttribute("target", "_blank");
    assertThat(fay.locator("#messages img, #messages script")).hasCount(0);
  }

  @Test
  @DisplayName("code, bold, italic and quotes are shown as such; markup in them, in links and in code stays text and runs nothing")
  void formatting() {
    Page ida = signUp(ui.browser(), ui.node().url(), "ida_mu");
    Page jon = signUp(ui.browser(), ui.node().url(), "jon_mu");
    AtomicBoolean dialog = new AtomicBoolean();
    jon.onDialog(d -> {
      dialog.set(true);
      d.dismiss();
    });
    joinRoom(ida, "format");
    joinRoom(jon, "format");
    String attack = "<img src=x onerror=alert(1)>";
    type(ida, "**bold " + attack + "** and _soft_ and *slanted* and `" + attack + "` and **https://example.test/a?q=<script>alert(2)</script>**");
    type(ida, "> quoted " + attack + "\n```\n<script>alert(3)</script>\n```\n# not a heading [nor](javascript:alert(4))");
    type(ida, "after the attacks");

    assertThat(message(jon, "after the attacks")).isVisible();
    Locator inline = message(jon, "and soft and slanted").locator(".text");
    assertThat(inline.locator("strong").first()).hasText("bold " + attack);
    assertThat(inline.locator("em")).hasText(new String[] {"soft", "slanted"});
    assertThat(inline.locator("code")).hasText(attack);
    Locator link = inline.locator("strong a");
    assertThat(link).hasText("https://example.test/a?q=");
    assertThat(link).hasAttribute("href", "https://example.test/a?q=");
    assertThat(link).hasAttribute("rel", "noopener noreferrer");
    assertThat(inline.locator("strong").last()).hasText("https://example.test/a?q=<script>alert(2)</script>");
    Locator blocks = message(jon, "quoted").locator(".text");
    assertThat(blocks.locator("blockquote")).hasText("quoted " + attack);
    assertThat(blocks.locator("pre code")).hasText("<script>alert(3)</script>");
    assertThat(blocks.locator(":scope > p")).hasText("# not a heading [nor](javascript:alert(4))");
    assertThat(blocks.locator("a")).hasCount(0);
    Browser.screenshot(jon, "messages-formatting");
    assertThat(jon.locator("#messages img, #messages script, #messages h1")).hasCount(0);
    assertFalse(dialog.get(), "no script ran");
  }
}
