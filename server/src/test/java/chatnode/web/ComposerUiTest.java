package chatnode.web;

import static chatnode.web.Ui.composer;
import static chatnode.web.Ui.framesSent;
import static chatnode.web.Ui.joinRoom;
import static chatnode.web.Ui.messages;
import static chatnode.web.Ui.openDm;
import static chatnode.web.Ui.signUp;
import static chatnode.web.Ui.signUpOn;
import static chatnode.web.Ui.type;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Browser;
import chatnode.testing.Http;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocket;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Text the node would refuse, or refuses, stays in the composer with the reason; nothing is lost. */
class ComposerUiTest {
  /** The node's defaults (PROTOCOL.md): text after trim in code points, and a frame in bytes. */
  static final int MAX_TEXT = 4000;
  static final int MAX_FRAME_BYTES = 64 * 1024;

  @RegisterExtension
  static final UiNode ui = new UiNode();

  static List<JsonObject> ofType(List<JsonObject> frames, String type) {
    return frames.stream().filter(f -> type.equals(f.getString("type"))).toList();
  }

  @Test
  @DisplayName("text over 4000 code points stays in the composer with the reason and is not sent; 4000 are sent")
  void tooLong() {
    Page page = Ui.open(ui.browser(), ui.node().url(), 1280, 800);
    List<JsonObject> sent = framesSent(page);
    signUpOn(page, "long_ui");
    joinRoom(page, "essays");
    // Each 😀 is one code point but two UTF-16 units: the limit counts code points.
    String over = "😀".repeat(MAX_TEXT + 1);
    type(page, over);
    assertThat(composer(page)).hasValue(over);
    assertThat(page.locator("#composer-notice")).containsText("4000");

    String longest = "😀".repeat(MAX_TEXT);
    type(page, "  " + longest + "  ");
    assertThat(messages(page).last()).hasText(longest);
    assertThat(composer(page)).hasValue("");
    assertThat(page.locator("#composer-notice")).isHidden();
    // The frames before the echo of the last one are all reported by now: one say, the longest.
    assertEquals(List.of(longest), ofType(sent, "say").stream().map(f -> f.getString("text")).toList());
  }

  @Test
  @DisplayName("a paste over the 64 KiB frame limit is refused in the page: kept, explained, and the connection stays")
  void overFrameLimit() {
    Page page = Ui.open(ui.browser(), ui.node().url(), 1280, 800);
    List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    page.onWebSocket(sockets::add);
    List<JsonObject> sent = framesSent(page);
    signUpOn(page, "paste_ui");
    joinRoom(page, "pastes");
    String paste = "x".repeat(70_000);
    type(page, paste);
    assertThat(composer(page)).hasValue(paste);
    assertThat(page.locator("#composer-notice")).isVisible();

    type(page, "a short one");
    assertThat(messages(page).last()).hasText("a short one");
    assertEquals(1, sockets.size(), "the page kept its one connection");
    assertFalse(sockets.get(0).isClosed(), "the ui.node() did not close it (1009)");
    assertTrue(sent.stream().allMatch(f -> f.encode().getBytes(StandardCharsets.UTF_8).length <= MAX_FRAME_BYTES), "no frame over the limit");
    assertEquals(List.of("a short one"), ofType(sent, "say").stream().map(f -> f.getString("text")).toList());
  }

  @Test
  @DisplayName("a message refused because its author is muted stays in the composer, says why, and is sent once unmuted")
  void muted() {
    Page page = signUp(ui.browser(), ui.node().url(), "muted_ui");
    joinRoom(page, "quiet");
    String admin = ui.node().token("admin", "admin");
    assertEquals(200, Http.call("PUT", ui.node().url() + "/api/admin/users/muted_ui/mute", admin,
        new JsonObject().put("room", "quiet").put("minutes", 5).encode()).status());
    type(page, "may I speak?");
    assertThat(composer(page)).hasValue("may I speak?");
    assertThat(page.locator("#composer-notice")).containsText("muted");
    Browser.screenshot(page, "composer-refused");
    assertThat(messages(page)).hasCount(0);

    assertEquals(200, Http.call("DELETE", ui.node().url() + "/api/admin/users/muted_ui/mute?room=quiet", admin, null).status());
    composer(page).press("Enter");
    assertThat(messages(page).last()).hasText("may I speak?");
    assertThat(composer(page)).hasValue("");
    assertThat(page.locator("#composer-notice")).isHidden();
  }

  @Test
  @DisplayName("a DM to a user who does not exist stays in the composer with the reason")
  void unknownDmUser() {
    Page page = signUp(ui.browser(), ui.node().url(), "lonely_ui");
    openDm(page, "nobody_ui");
    type(page, "is anyone there?");
    assertThat(composer(page)).hasValue("is anyone there?");
    assertThat(page.locator("#composer-notice")).containsText("no user named nobody_ui");
  }
}
