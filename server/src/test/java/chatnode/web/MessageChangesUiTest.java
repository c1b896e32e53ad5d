package chatnode.web;

import static chatnode.web.Ui.composer;
import static chatnode.web.Ui.framesSent;
import static chatnode.web.Ui.joinRoom;
import static chatnode.web.Ui.message;
import static chatnode.web.Ui.messages;
import static chatnode.web.Ui.openDm;
import static chatnode.web.Ui.roomItem;
import static chatnode.web.Ui.signUp;
import static chatnode.web.Ui.signUpOn;
import static chatnode.web.Ui.type;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Browser;
import chatnode.testing.Http;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Messages people change in the web UI: edits, deletions and reactions, seen live and after a reconnect. */
class MessageChangesUiTest {
  @RegisterExtension
  static final UiNode ui = new UiNode();

  private static final String THUMBS_UP = "👍";
  private static final String PARTY = "🎉";

  /** Reacts to a message from its picker. */
  private static void react(Locator message, String emoji) {
    message.getByLabel("Add a reaction").click();
    message.getByLabel("React with " + emoji).click();
  }

  private static void edit(Page page, String newText) {
    composer(page).fill(newText);
    composer(page).press("Enter");
  }

  @Test
  @DisplayName("ann edits her last message with the up arrow and an older one from its actions; Escape cancels; both see (edited)")
  void editing() {
    Page ann = signUp(ui.browser(), ui.node().url(), "ann_mc");
    Page bob = signUp(ui.browser(), ui.node().url(), "bob_mc");
    joinRoom(ann, "desk");
    joinRoom(bob, "desk");
    type(ann, "first draft");
    type(ann, "teh plan");
    assertThat(message(bob, "teh plan")).isVisible();

    composer(ann).press("ArrowUp");
    assertThat(ann.locator("#edit-bar")).isVisible();
    assertThat(composer(ann)).hasValue("teh plan");
    edit(ann, "the plan");
    assertThat(ann.locator("#edit-bar")).isHidden();
    for (Page page : new Page[] {ann, bob}) {
      assertThat(message(page, "the plan").locator(".edited")).hasText("(edited)");
    }
    assertThat(message(bob, "the plan").locator(".edit")).hasCount(0);

    message(ann, "first draft").locator(".edit").click();
    assertThat(composer(ann)).hasValue("first draft");
    composer(ann).press("Escape");
    assertThat(composer(ann)).hasValue("");
    assertThat(ann.locator("#edit-bar")).isHidden();
    message(ann, "first draft").locator(".edit").click();
    edit(ann, "final draft");
    assertThat(message(bob, "final draft").locator(".edited")).isVisible();
    assertThat(messages(bob)).hasText(new String[] {"final draft", "the plan"});
    Browser.screenshot(bob, "messages-edited");
  }

  @Test
  @DisplayName("dee deletes her message after confirming (cancel keeps it); the room's owner deletes one of hers with the same delete frame")
  void deleting() {
    Page cy = Ui.open(ui.browser(), ui.node().url(), 1280, 800);
    List<JsonObject> sentByCy = framesSent(cy);
    signUpOn(cy, "cy_mc");
    Page dee = signUp(ui.browser(), ui.node().url(), "dee_mc");
    RoomsUiTest.createRoom(cy, "studio", "public", "art");
    joinRoom(dee, "studio");
    type(dee, "a typo here");
    type(dee, "spam spam");
    type(cy, "house rules");
    assertThat(message(dee, "house rules")).isVisible();
    assertThat(message(dee, "house rules").locator(".delete")).hasCount(0);

    Locator typo = message(dee, "a typo here");
    typo.locator(".delete").click();
    assertThat(typo.locator(".confirm-text")).hasText("Delete this message?");
    typo.locator(".confirm-cancel").click();
    assertThat(typo.locator(".confirm-text")).hasCount(0);
    typo.locator(".delete").click();
    typo.locator(".confirm-delete").click();
    for (Page page : new Page[] {cy, dee}) {
      assertThat(messages(page)).hasText(new String[] {"message deleted", "spam spam", "house rules"});
    }

    Locator spam = message(cy, "spam spam");
    spam.locator(".delete").click();
    spam.locator(".confirm-delete").click();
    for (Page page : new Page[] {cy, dee}) {
      assertThat(messages(page)).hasText(new String[] {"message deleted", "message deleted", "house rules"});
    }
    assertThat(dee.locator("#messages .message.deleted .actions, #messages .message.deleted .reactions")).hasCount(0);
    assertTrue(sentByCy.stream().anyMatch(f -> "delete".equals(f.getString("type")) && "studio".equals(f.getString("room"))
        && f.getLong("seq") == 2), "the owner's delete is a delete frame: " + sentByCy);
  }

  @Test
  @DisplayName("fox reacts with the picker and eve sees it live; eve's chip toggles her own reaction; in a DM too")
  void reacting() {
    Page eve = signUp(ui.browser(), ui.node().url(), "eve_mc");
    Page fox = signUp(ui.browser(), ui.node().url(), "fox_mc");
    joinRoom(eve, "kitchen");
    joinRoom(fox, "kitchen");
    type(eve, "lunch at noon?");
    Locator onFox = message(fox, "lunch at noon?");
    Locator onEve = message(eve, "lunch at noon?");
    react(onFox, THUMBS_UP);
    assertThat(onEve.locator(".reaction")).hasText(THUMBS_UP + " 1");
    assertThat(onEve.locator(".reaction")).hasAttribute("aria-pressed", "false");
    assertThat(onFox.locator(".reaction")).hasAttribute("aria-pressed", "true");

    onEve.locator(".reaction").click();
    assertThat(onFox.locator(".reaction")).hasText(THUMBS_UP + " 2");
    assertThat(onEve.locator(".reaction")).hasAttribute("aria-pressed", "true");
    onFox.locator(".reaction").click();
    assertThat(onEve.locator(".reaction")).hasText(THUMBS_UP + " 1");
    assertThat(onFox.locator(".reaction")).hasAttribute("aria-pressed", "false");
    react(onFox, PARTY);
    assertThat(onEve.locator(".reaction")).hasText(new String[] {THUMBS_UP + " 1", PARTY + " 1"});
    Browser.screenshot(eve, "messages-reactions");

    openDm(eve, "fox_mc");
    type(eve, "see you there");
    fox.locator("#dm-list button").click();
    react(message(fox, "see you there"), PARTY);
    assertThat(message(eve, "see you there").locator(".reaction")).hasText(PARTY + " 1");
  }

  @Test
  @DisplayName("gus is away while hal edits, deletes and reacts in a room and their DM: back online, gus sees each change once")
  void changesWhileAway() {
    Page gus = signUp(ui.browser(), ui.node().url(), "gus_mc");
    Page hal = signUp(ui.browser(), ui.node().url(), "hal_mc");
    joinRoom(gus, "attic");
    joinRoom(hal, "attic");
    type(hal, "one");
    type(hal, "two");
    react(message(hal, "one"), THUMBS_UP);
    assertThat(message(gus, "one").locator(".reaction")).hasText(THUMBS_UP + " 1");
    openDm(hal, "gus_mc");
    type(hal, "psst");
    gus.locator("#dm-list button").click();
    assertThat(message(gus, "psst")).isVisible();

    assertEquals(200, Http.post(ui.node().url() + "/api/admin/users/gus_mc/kick", ui.node().token("admin", "admin"),
        new JsonObject().put("reason", "a moment away")).status());
    assertThat(gus.locator("#session-action")).hasText("Reconnect");
    composer(hal).press("ArrowUp");
    edit(hal, "psst, edited");
    react(message(hal, "psst, edited"), PARTY);
    roomItem(hal, "attic").click();
    message(hal, "one").locator(".delete").click();
    message(hal, "one").locator(".confirm-delete").click();
    composer(hal).press("ArrowUp");
    edit(hal, "two, edited");
    react(message(hal, "two, edited"), PARTY);
    assertThat(message(hal, "two, edited").locator(".reaction")).hasText(PARTY + " 1");

    gus.locator("#session-action").click();
    assertThat(gus.locator("#connection")).hasText("online · gus_mc");
    assertThat(messages(gus)).hasText(new String[] {"psst, edited"});
    assertThat(message(gus, "psst, edited").locator(".reaction")).hasText(PARTY + " 1");
    roomItem(gus, "attic").click();
    assertThat(messages(gus)).hasText(new String[] {"message deleted", "two, edited"});
    assertThat(message(gus, "two, edited").locator(".edited")).isVisible();
    assertThat(message(gus, "two, edited").locator(".reaction")).hasText(PARTY + " 1");
  }
}
