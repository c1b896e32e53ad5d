package chatnode.web;

import static chatnode.web.Ui.composer;
import static chatnode.web.Ui.framesSent;
import static chatnode.web.Ui.joinRoom;
import static chatnode.web.Ui.message;
import static chatnode.web.Ui.messages;
import static chatnode.web.Ui.openDm;
import static chatnode.web.Ui.signUpOn;
import static chatnode.web.Ui.type;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The page keeps to the limits the node serves at GET /api/config, not to copies of the defaults. */
class ConfigUiTest {
  /** Not the default of 4000: a page with a copy of the default would let 51 through. */
  static final int MAX_TEXT = 50;

  /** Editing is off on this node (a window of 0 minutes): a page with a copy of the default would offer it. */
  @RegisterExtension
  static final UiNode ui = new UiNode("--max-text", String.valueOf(MAX_TEXT), "--edit-window-minutes", "0");

  static List<JsonObject> ofType(List<JsonObject> frames, String type) {
    return frames.stream().filter(f -> type.equals(f.getString("type"))).toList();
  }

  /** A fresh page whose GET /api/config answers the node's configuration as changed here. */
  static Page withConfig(UnaryOperator<JsonObject> change) {
    Page page = ui.browser().page(1280, 800);
    page.route("**/api/config", route -> {
      APIResponse real = route.fetch();
      route.fulfill(new Route.FulfillOptions().setResponse(real).setBody(change.apply(new JsonObject(real.text())).encode()));
    });
    page.navigate(ui.node().url() + "/");
    return page;
  }

  static String validationMessage(Page page, String selector) {
    return (String) page.locator(selector).evaluate("el => el.validationMessage");
  }

  @Test
  @DisplayName("on a node with --max-text 50 the composer refuses 51 code points, naming 50, and sends 50")
  void composerKeepsToTheNodesMaxText() {
    Page page = Ui.open(ui.browser(), ui.node().url(), 1280, 800);
    List<JsonObject> sent = framesSent(page);
    signUpOn(page, "terse_ui");
    joinRoom(page, "haiku");
    String over = "😀".repeat(MAX_TEXT + 1);
    type(page, over);
    assertThat(composer(page)).hasValue(over);
    assertThat(page.locator("#composer-notice")).containsText("51 characters long; at most 50");

    String longest = "😀".repeat(MAX_TEXT);
    type(page, longest);
    assertThat(messages(page).last()).hasText(longest);
    assertThat(page.locator("#composer-notice")).isHidden();
    assertEquals(List.of(longest), ofType(sent, "say").stream().map(f -> f.getString("text")).toList());
  }

  @Test
  @DisplayName("on a node whose edit window is 0 no message offers an edit, and Up in the composer edits nothing")
  void noEditsPastTheNodesEditWindow() {
    Page page = Ui.open(ui.browser(), ui.node().url(), 1280, 800);
    List<JsonObject> sent = framesSent(page);
    signUpOn(page, "late_ui");
    joinRoom(page, "drafts");
    type(page, "typo");
    assertThat(messages(page).last()).hasText("typo");
    assertThat(message(page, "typo").locator(".reply")).hasCount(1);
    assertThat(message(page, "typo").locator(".edit")).hasCount(0);
    composer(page).press("ArrowUp");
    assertThat(page.locator("#edit-bar")).isHidden();
    assertThat(composer(page)).hasValue("");
    assertTrue(ofType(sent, "edit").isEmpty());
  }

  @Test
  @DisplayName("the join and DM inputs keep to the node's name rules: a name its rule refuses is not sent")
  void nameInputsKeepToTheNodesPatterns() {
    Page page = withConfig(c -> c.put("roomPattern", "^[a-z]{1,5}$").put("userPattern", "^[a-z]{3,5}$"));
    List<JsonObject> sent = framesSent(page);
    signUpOn(page, "nadia");

    page.getByLabel("Join a room").fill("longer");
    page.locator("#join-form button").click();
    assertTrue(validationMessage(page, "#join-room").contains("^[a-z]{1,5}$"), validationMessage(page, "#join-room"));
    page.getByLabel("Join a room").fill("short");
    page.locator("#join-form button").click();
    assertThat(page.locator("#conversation-title")).containsText("# short");

    openDm(page, "bob_99");
    assertTrue(validationMessage(page, "#dm-user").contains("^[a-z]{3,5}$"), validationMessage(page, "#dm-user"));
    openDm(page, "bobby");
    assertThat(page.locator("#conversation-title")).containsText("bobby");
    // Frames are reported in the order sent: once bobby's history is, the refused names' frames would have been.
    page.waitForCondition(() -> ofType(sent, "history").stream().anyMatch(f -> "bobby".equals(f.getString("with"))));
    // general: every account's room, which the page joins as it connects (the node's own pattern admits it).
    assertEquals(List.of("general", "short"), ofType(sent, "join").stream().map(f -> f.getString("room")).toList());
    assertEquals(List.of("bobby"), ofType(sent, "history").stream().map(f -> f.getString("with")).distinct().toList());
  }

  @Test
  @DisplayName("sign-up refuses a password shorter than the node's minimum in the page, naming it, and never sends it; "
      + "a login with it is sent")
  void newPasswordsKeepToTheNodesMinimum() {
    Page page = Ui.open(ui.browser(), ui.node().url(), 1280, 800);
    int min = new JsonObject(page.request().get(ui.node().url() + "/api/config").text()).getInteger("minPassword");
    List<String> posted = new CopyOnWriteArrayList<>();
    page.onRequest(r -> {
      if ("POST".equals(r.method())) {
        posted.add(URI.create(r.url()).getPath());
      }
    });
    String tooShort = "p".repeat(min - 1);

    page.getByText("Create an account instead").click();
    page.getByLabel("User name").fill("brief_ui");
    page.getByLabel("Password").fill(tooShort);
    page.locator("#login-submit").click();
    String refusal = validationMessage(page, "#login-password");
    assertTrue(refusal.contains("At least " + min + " characters"), refusal);

    // The node checks only the longest at login: the same password goes out, and is refused there.
    page.locator("#login-toggle").click();
    page.getByLabel("Password").fill(tooShort);
    page.locator("#login-submit").click();
    page.waitForCondition(() -> posted.contains("/api/auth/login"));
    assertThat(page.locator("#login-error")).not().isEmpty();
    // Requests are reported in the order made: the sign-up's would have come before the login's.
    assertEquals(List.of("/api/auth/login"), posted);
  }

  @Test
  @DisplayName("while the node's configuration cannot be loaded the page says so and retries; the login form comes once it loads")
  void waitsForTheConfiguration() {
    Page page = ui.browser().page(1280, 800);
    AtomicBoolean down = new AtomicBoolean(true);
    page.route("**/api/config", route -> {
      if (down.get()) {
        route.fulfill(new Route.FulfillOptions().setStatus(503).setBody("{}"));
      } else {
        route.resume();
      }
    });
    page.navigate(ui.node().url() + "/");
    assertThat(page.locator("#boot-status")).containsText("cannot be loaded");
    assertThat(page.locator("#boot-status")).containsText("trying again");
    assertThat(page.locator("#login-view")).isHidden();

    down.set(false);
    assertThat(page.getByLabel("User name")).isVisible();
    assertThat(page.locator("#boot-status")).isHidden();
    signUpOn(page, "patient_ui");
  }
}
