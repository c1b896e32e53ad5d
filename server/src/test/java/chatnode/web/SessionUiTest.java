package chatnode.web;

import static chatnode.web.Ui.composer;
import static chatnode.web.Ui.framesSent;
import static chatnode.web.Ui.joinRoom;
import static chatnode.web.Ui.logIn;
import static chatnode.web.Ui.messages;
import static chatnode.web.Ui.openDm;
import static chatnode.web.Ui.signUpOn;
import static chatnode.web.Ui.type;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Browser;
import chatnode.testing.Http;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocket;
import com.microsoft.playwright.WebSocketRoute;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the page ends or resumes a session the node closed, and that the next login starts clean. */
class SessionUiTest {
  /** The page's bound on automatic reconnects after 4008 closes in a row. */
  static final int POLICY_RETRIES = 3;

  @RegisterExtension
  static final UiNode ui = new UiNode();

  static String admin() {
    return ui.node().token("admin", "admin");
  }

  @Test
  @DisplayName("a kicked user is told why, keeps the draft, is not reconnected by itself, and reconnects on request")
  void kickOffersReconnect() {
    Page page = Ui.open(ui.browser(), ui.node().url(), 1280, 800);
    List<WebSocket> sockets = new CopyOnWriteArrayList<>();
    page.onWebSocket(sockets::add);
    signUpOn(page, "kicked_ui");
    joinRoom(page, "stage");
    assertEquals(200, Http.post(ui.node().url() + "/api/admin/users/kicked_ui/kick", admin(), new JsonObject().put("reason", "calm down")).status());
    assertThat(page.locator("#session-notice")).containsText("calm down");
    assertThat(page.locator("#session-action")).hasText("Reconnect");

    type(page, "still here?");
    assertThat(composer(page)).hasValue("still here?");
    assertThat(page.locator("#composer-notice")).containsText("Reconnect");
    assertThat(page.locator("#composer-notice")).not().containsText("once back online");
    assertEquals(1, sockets.size(), "no reconnect by itself");
    Browser.screenshot(page, "kicked-notice");

    page.locator("#session-action").click();
    assertThat(page.locator("#connection")).hasText("online · kicked_ui");
    assertThat(page.locator("#session-notice")).isHidden();
    composer(page).press("Enter");
    assertThat(messages(page).last()).hasText("still here?");
    assertEquals(2, sockets.size());
  }

  @Test
  @DisplayName("closed with 4008 again and again, the page explains why, stops after a few attempts and offers to retry")
  void policyCloseIsBounded() {
    Page page = ui.browser().page(1280, 800);
    AtomicBoolean flood = new AtomicBoolean();
    AtomicReference<WebSocketRoute> current = new AtomicReference<>();
    List<WebSocketRoute> connections = new CopyOnWriteArrayList<>();
    // The page's socket goes to the real ui.node(); when told to, this floods the ui.node() on the page's
    // connection (200 pings at once: far past the burst), and the ui.node() closes it with 4008.
    page.routeWebSocket(Pattern.compile(".*/ws$"), ws -> {
      connections.add(ws);
      WebSocketRoute server = ws.connectToServer();
      current.set(server);
      server.onMessage(frame -> {
        ws.send(frame.text());
        if (flood.get() && "welcome".equals(new JsonObject(frame.text()).getString("type"))) {
          flood(server);
        }
      });
    });
    page.navigate(ui.node().url() + "/");
    signUpOn(page, "flood_ui");
    joinRoom(page, "torrent");
    flood.set(true);
    flood(current.get());

    assertThat(page.locator("#session-notice")).containsText("too many frames");
    assertThat(page.locator("#session-notice")).containsText("too slowly");
    assertThat(page.locator("#session-action")).hasText("Reconnect");
    assertEquals(1 + POLICY_RETRIES, connections.size(), "the first connection and " + POLICY_RETRIES + " automatic attempts");

    flood.set(false);
    page.locator("#session-action").click();
    assertThat(page.locator("#connection")).hasText("online · flood_ui");
    assertThat(page.locator("#session-notice")).isHidden();
    type(page, "calm again");
    assertThat(messages(page).last()).hasText("calm again");
  }

  static void flood(WebSocketRoute server) {
    for (int i = 0; i < 200; i++) {
      server.send("{\"type\":\"ping\"}");
    }
  }

  @Test
  @DisplayName("after logging out, the next person on the page starts clean: no rooms, DMs or re-joins of the one before")
  void logoutStartsClean() {
    startsCleanAfter("first_ui", "second_ui", page -> page.locator("#logout").click(), "");
  }

  @Test
  @DisplayName("after the ui.node() ends a session (tokens revoked: 4401), the login page shows and the next login starts clean")
  void revokedStartsClean() {
    startsCleanAfter("third_ui", "fourth_ui",
        page -> assertEquals(200, Http.post(ui.node().url() + "/api/admin/users/third_ui/revoke", admin(), new JsonObject()).status()),
        "log in again");
  }

  @Test
  @DisplayName("after a ban (4403), the login page says so and the next login starts clean")
  void bannedStartsClean() {
    startsCleanAfter("fifth_ui", "sixth_ui",
        page -> assertEquals(200, Http.call("PUT", ui.node().url() + "/api/admin/users/fifth_ui/ban", admin(),
            new JsonObject().put("reason", "spam").encode()).status()),
        "banned (spam)");
  }

  void startsCleanAfter(String before, String after, java.util.function.Consumer<Page> end, String loginNotice) {
    assertEquals(201, Http.post(ui.node().url() + "/api/auth/register", null,
        new JsonObject().put("username", after).put("password", "password-" + after)).status());
    Page page = Ui.open(ui.browser(), ui.node().url(), 1280, 800);
    List<JsonObject> sent = framesSent(page);
    signUpOn(page, before);
    joinRoom(page, before + "-room");
    openDm(page, "admin");
    type(page, "for the admin only");
    assertThat(messages(page).last()).hasText("for the admin only");

    end.accept(page);
    assertThat(page.locator("#login-view")).isVisible();
    assertThat(page.locator("#login-error")).containsText(loginNotice);
    int firstOfNext = sent.size();
    logIn(page, after, "password-" + after);
    joinRoom(page, after + "-room");
    type(page, "mine");
    assertThat(messages(page).last()).hasText("mine");

    assertThat(page.locator("#dm-list li")).hasCount(0);
    assertThat(page.locator("#room-list button[aria-label^='Room " + before + "-room,']:not([aria-label$='not joined'])")).hasCount(0);
    assertThat(page.locator("#messages")).not().containsText("for the admin only");
    // Every frame of the new session before the echo of "mine" is reported by now.
    List<JsonObject> next = List.copyOf(sent).subList(firstOfNext, sent.size());
    assertEquals(List.of(), next.stream().filter(f -> before.concat("-room").equals(f.getString("room")) || "admin".equals(f.getString("with"))
        || ("watch".equals(f.getString("type")) && f.getJsonArray("users").contains("admin"))).toList(), "nothing of " + before + " asked for");
  }
}
