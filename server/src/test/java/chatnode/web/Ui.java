package chatnode.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import chatnode.testing.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.WebSocket;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a person does in the web UI, step by step; shared by the browser test classes. */
final class Ui {
  /** Every account of a browser test signs up from 127.0.0.1: the test node's budget for that. */
  static final String[] SIGNUPS = {"--registrations-per-minute-per-ip", "1000"};

  private Ui() {}

  static Page signUp(Browser browser, String baseUrl, String user) {
    return signUp(browser, baseUrl, user, 1280, 800);
  }

  static Page signUp(Browser browser, String baseUrl, String user, int width, int height) {
    Page page = open(browser, baseUrl, width, height);
    signUpOn(page, user);
    return page;
  }

  /** A fresh browser on the login page (no WebSocket yet). */
  static Page open(Browser browser, String baseUrl, int width, int height) {
    Page page = browser.page(width, height);
    page.navigate(baseUrl + "/");
    return page;
  }

  /** Creates an account on a page that shows the login form, and waits until it is online. */
  static void signUpOn(Page page, String user) {
    page.getByText("Create an account instead").click();
    page.getByLabel("User name").fill(user);
    page.getByLabel("Password").fill("password-" + user);
    page.getByLabel("Display name (optional)").fill(user.toUpperCase());
    page.locator("#login-submit").click();
    assertThat(page.locator("#connection")).hasText("online · " + user);
  }

  /** Logs an existing account in on the login form, whichever mode the form was left in. */
  static void logIn(Page page, String user, String password) {
    if (page.locator("#login-submit").textContent().equals("Create account")) {
      page.locator("#login-toggle").click();
    }
    page.getByLabel("User name").fill(user);
    page.getByLabel("Password").fill(password);
    page.locator("#login-submit").click();
    assertThat(page.locator("#connection")).hasText("online · " + user);
  }

  static void joinRoom(Page page, String room) {
    page.getByLabel("Join a room").fill(room);
    page.locator("#join-form button").click();
    assertThat(page.locator("#conversation-title")).containsText("# " + room);
  }

  /** A room's item in the sidebar (its aria-label starts "Room <name>,"). */
  static Locator roomItem(Page page, String room) {
    return page.locator("#room-list button[aria-label^='Room " + room + ",']");
  }

  static void openDm(Page page, String user) {
    page.getByLabel("Message a user").fill(user);
    page.locator("#dm-form button").click();
  }

  static Locator composer(Page page) {
    return page.getByLabel("Message", new Page.GetByLabelOptions().setExact(true));
  }

  static void type(Page page, String text) {
    composer(page).fill(text);
    composer(page).press("Enter");
  }

  /** The message (its whole item: actions, reactions) whose text contains `text`. */
  static Locator message(Page page, String text) {
    return page.locator("#messages .message").filter(new Locator.FilterOptions().setHas(page.locator(".text", new Page.LocatorOptions()
        .setHasText(text))));
  }

  static Locator messages(Page page) {
    return page.locator("#messages .message .text");
  }

  /** Every frame the page sends on any of its WebSockets, as the browser reports it, in order. */
  static List<JsonObject> framesSent(Page page) {
    List<JsonObject> sent = new CopyOnWriteArrayList<>();
    page.onWebSocket((WebSocket ws) -> ws.onFrameSent(f -> sent.add(new JsonObject(f.text()))));
    return sent;
  }
}
