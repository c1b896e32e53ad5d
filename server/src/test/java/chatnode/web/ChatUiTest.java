package chatnode.web;

import static chatnode.web.Ui.joinRoom;
import static chatnode.web.Ui.messages;
import static chatnode.web.Ui.signUp;
import static chatnode.web.Ui.type;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Browser;
import chatnode.testing.Http;
import chatnode.testing.TestClient;
import chatnode.testing.TestCluster;
import chatnode.testing.TestNode;
import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The web UI in real headless Chromium against a real node: what a person does, step by step. */
@ExtendWith(VertxExtension.class)
class ChatUiTest {
  @RegisterExtension
  static final UiNode ui = new UiNode();

  @Test
  @DisplayName("two people sign up, chat in a room and by DM")
  void roomAndDm() {
    Page login = ui.browser().page(1280, 800);
    login.navigate(ui.node().url() + "/");
    Browser.screenshot(login, "login");
    Page alice = signUp(ui.browser(), ui.node().url(), "alice_ui");
    Page bob = signUp(ui.browser(), ui.node().url(), "bob_ui");
    joinRoom(alice, "lobby");
    joinRoom(bob, "lobby");
    type(alice, "hello bob");
    assertThat(messages(bob).last()).hasText("hello bob");
    assertThat(bob.locator("#messages .message").last().locator(".name")).hasText("ALICE_UI");
    type(bob, "hi alice\nhow are you?");
    assertThat(messages(alice).last()).hasText("hi alice\nhow are you?");
    assertThat(alice.locator("#messages .message.own")).hasCount(1);
    Browser.screenshot(alice, "room");

    bob.getByLabel("Message a user").fill("alice_ui");
    bob.locator("#dm-form button").click();
    type(bob, "a private word");
    assertThat(alice.locator("#dm-list .badge")).hasText("1");
    alice.locator("#dm-list button").first().click();
    assertThat(messages(alice).last()).hasText("a private word");
    Browser.screenshot(alice, "dm");
  }

  @Test
  @DisplayName("a profile edit shows in the other person's view at once")
  void profileEdit() {
    Page carol = signUp(ui.browser(), ui.node().url(), "carol_ui");
    Page dave = signUp(ui.browser(), ui.node().url(), "dave_ui");
    joinRoom(carol, "profiles");
    joinRoom(dave, "profiles");
    type(carol, "look at my profile");
    assertThat(messages(dave).last()).hasText("look at my profile");
    carol.locator("#me-open").click();
    carol.getByLabel("Display name", new Page.GetByLabelOptions().setExact(true)).fill("Carol the Great");
    carol.getByLabel("Status").fill("on holiday");
    carol.locator("#profile-form button[type=submit]").click();
    assertThat(carol.locator("#profile-name")).hasText("Carol the Great");
    Browser.screenshot(carol, "profile");
    // Pushed to dave, who watches the members of his room: his view renames her without a reload.
    assertThat(dave.locator("#messages .message").last().locator(".name")).hasText("Carol the Great");
    dave.locator("#messages .message").last().locator(".name").click();
    assertThat(dave.locator("#profile-name")).hasText("Carol the Great");
    assertThat(dave.locator("#profile-body")).containsText("on holiday");
    assertThat(dave.locator("#profile-body")).containsText("online");
  }

  @Test
  @DisplayName("a message with HTML shows as text and runs nothing")
  void htmlIsText() {
    Page erin = signUp(ui.browser(), ui.node().url(), "erin_ui");
    Page frank = signUp(ui.browser(), ui.node().url(), "frank_ui");
    AtomicBoolean dialog = new AtomicBoolean();
    frank.onDialog(d -> {
      dialog.set(true);
      d.dismiss();
    });
    joinRoom(erin, "xss");
    joinRoom(frank, "xss");
    String attack = "<img src=x onerror=alert(1)>";
    type(erin, attack);
    assertThat(messages(frank).last()).hasText(attack);
    frank.waitForTimeout(500);
    assertFalse(dialog.get(), "no script ran");
    assertEquals(0, frank.locator("#messages img").count());
  }

  @Test
  @DisplayName("the ui.node() sends a Content-Security-Policy that forbids inline script")
  void contentSecurityPolicy() throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ui.node().url() + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
    String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.contains("script-src 'self'"), csp);
    assertFalse(csp.contains("unsafe-inline"), csp);
  }

  @Test
  @DisplayName("an admin kicks a user on the moderation page and that user's page says so")
  void kick() {
    Page gina = signUp(ui.browser(), ui.node().url(), "gina_ui");
    Page admin = ui.browser().page(1280, 900);
    admin.navigate(ui.node().url() + "/");
    admin.getByLabel("User name").fill("admin");
    admin.getByLabel("Password").fill(TestNode.ADMIN_PASSWORD);
    admin.locator("#login-submit").click();
    assertThat(admin.locator("#connection")).hasText("online · admin");
    admin.locator("#admin-open").click();
    assertThat(admin.locator("#admin-sessions")).containsText("gina_ui");
    admin.getByLabel("User", new Page.GetByLabelOptions().setExact(true)).fill("gina_ui");
    admin.getByLabel("Reason").fill("too loud");
    admin.locator("#admin-user-form button[data-action=kick]").click();
    assertThat(admin.locator("#admin-result")).containsText("Done");
    assertThat(gina.locator("#toast")).containsText("too loud");
    assertThat(gina.locator("#connection")).hasText("removed by a moderator");
    assertThat(admin.locator("#admin-audit")).containsText("gina_ui");
    Browser.screenshot(admin, "moderation");
    Browser.screenshot(gina, "kicked");
  }

  @Test
  @DisplayName("at 360 px wide the rooms are behind a menu and the conversation fits")
  void narrowScreen() {
    Page page = signUp(ui.browser(), ui.node().url(), "hana_ui", 360, 740);
    assertThat(page.locator("#sidebar")).isHidden();
    page.locator("#menu-toggle").click();
    joinRoom(page, "mobile");
    assertThat(page.locator("#sidebar")).isHidden();
    type(page, "small screen");
    assertThat(messages(page).last()).hasText("small screen");
    Browser.screenshot(page, "mobile");
  }

  @Test
  @DisplayName("the ui.node() restarts: the page reconnects and shows the messages sent meanwhile exactly once")
  void reconnectAfterRestart(Vertx vertx, @TempDir Path own) {
    try (TestNode restarting = TestNode.start(own, Ui.SIGNUPS)) {
      Page ivy = signUp(ui.browser(), restarting.url(), "ivy_ui");
      joinRoom(ivy, "resilient");
      try (TestClient jack = TestClient.login(vertx, restarting, "jack_ui")) {
        jack.join("resilient");
        jack.say("resilient", "before the restart", "1");
        jack.awaitType("ack");
      }
      assertThat(messages(ivy)).hasText(new String[] {"before the restart"});
      restarting.restart();
      try (TestClient jack = TestClient.login(vertx, restarting, "jack_ui")) {
        jack.join("resilient");
        for (String text : List.of("while you were away 1", "while you were away 2")) {
          jack.say("resilient", text, text);
        }
        jack.collect("ack", 2);
        assertThat(ivy.locator("#connection")).hasText("online · ivy_ui", new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(30_000));
        jack.say("resilient", "after you came back", "3");
        jack.awaitType("ack");
        assertThat(messages(ivy)).hasText(new String[] {"before the restart", "while you were away 1", "while you were away 2",
            "after you came back"});
      }
      Browser.screenshot(ivy, "reconnected");
    }
  }

  @Test
  @DisplayName("with two nodes, people on different nodes chat")
  void twoNodes(@TempDir Path shared) {
    try (TestCluster cluster = TestCluster.start(2, shared, "ui")) {
      Page kim = signUp(ui.browser(), "http://127.0.0.1:" + cluster.node(0).port(), "kim_ui");
      Page lee = signUp(ui.browser(), "http://127.0.0.1:" + cluster.node(1).port(), "lee_ui");
      joinRoom(kim, "bridge");
      joinRoom(lee, "bridge");
      type(kim, "from ui.node() one");
      assertThat(messages(lee).last()).hasText("from ui.node() one");
      type(lee, "from ui.node() two");
      assertThat(messages(kim).last()).hasText("from ui.node() two");
      assertEquals(200, Http.get("http://127.0.0.1:" + cluster.node(1).port() + "/ready", null).status());
    }
  }
}
