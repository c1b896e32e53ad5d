package chatnode.web;

import static chatnode.web.Ui.composer;
import static chatnode.web.Ui.messages;
import static chatnode.web.Ui.openDm;
import static chatnode.web.Ui.roomItem;
import static chatnode.web.Ui.signUp;
import static chatnode.web.Ui.type;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.testing.Await;
import chatnode.testing.Browser;
import chatnode.testing.Http;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rooms with members in the web UI: creating, adding, unread badges, the directory, the members panel, reloads. */
class RoomsUiTest {
  @RegisterExtension
  static final UiNode ui = new UiNode();

  /** Creates a room from the directory panel; the page then shows it. */
  static void createRoom(Page page, String room, String visibility, String topic) {
    page.locator("#directory-open").click();
    page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(room);
    page.getByLabel("Who may join").selectOption(visibility);
    page.getByLabel("Topic (optional)").fill(topic);
    page.locator("#create-room-form button[type=submit]").click();
    assertThat(page.locator("#conversation-title")).containsText("# " + room);
  }

  /** Adds a member on the members panel of the room shown, opening the panel if need be. */
  static void addMember(Page page, String user) {
    if (page.locator("#members-panel").isHidden()) {
      page.locator("#members-open").click();
    }
    page.getByLabel("Add a member").fill(user);
    page.locator("#member-add-form button[type=submit]").click();
    assertThat(page.locator("#member-list")).containsText("@" + user);
  }

  @Test
  @DisplayName("alice creates a private room and adds bob: his sidebar shows it at once, with a badge when she posts; "
      + "carol finds it nowhere and cannot read it")
  void privateRoom() {
    Page alice = signUp(ui.browser(), ui.node().url(), "alice_r");
    Page bob = signUp(ui.browser(), ui.node().url(), "bob_r");
    Page carol = signUp(ui.browser(), ui.node().url(), "carol_r");
    createRoom(alice, "plans", "private", "Q3 plans");
    assertThat(alice.locator("#conversation-topic")).hasText("Q3 plans");
    assertThat(roomItem(alice, "plans")).hasAttribute("aria-label", "Room plans, 1 online, private");
    addMember(alice, "bob_r");
    assertThat(alice.locator("#member-list li").filter(new Locator.FilterOptions().setHasText("@alice_r")))
        .containsText("owner");

    assertThat(roomItem(bob, "plans")).isVisible();
    assertThat(bob.locator("#room-list .badge")).hasCount(0);
    type(alice, "the secret plan");
    assertThat(roomItem(bob, "plans").locator(".badge")).hasText("1");
    assertThat(bob).hasTitle("• Chat");
    Browser.screenshot(bob, "rooms-badge");
    roomItem(bob, "plans").click();
    assertThat(messages(bob).last()).hasText("the secret plan");
    assertThat(bob.locator("#messages .message.first-unread .text")).hasText("the secret plan");
    assertThat(roomItem(bob, "plans").locator(".badge")).hasCount(0);
    assertThat(bob).hasTitle("Chat");

    carol.locator("#directory-open").click();
    carol.getByLabel("Find a room by name").fill("pla");
    carol.locator("#directory-form button[type=submit]").click();
    assertThat(carol.locator("#directory-status")).hasText("No room starts with “pla”.");
    carol.getByLabel("Find a room by name").fill("");
    carol.locator("#directory-form button[type=submit]").click();
    assertThat(carol.locator("#directory-list")).containsText("general");
    assertThat(carol.locator("#directory-list")).not().containsText("plans");
    carol.locator("#directory-close").click();
    carol.getByLabel("Join a room").fill("plans");
    carol.locator("#join-form button").click();
    assertThat(carol.locator("#toast")).containsText("plans is a private room");
    assertThat(carol.locator("#conversation-title")).hasText("Pick a room or a conversation");
    assertThat(roomItem(carol, "plans")).hasCount(0);
    assertThat(carol.locator("#messages")).not().containsText("the secret plan");
    assertEquals(403, Http.get(ui.node().url() + "/api/rooms/plans/messages", ui.node().token("carol_r")).status());
  }

  @Test
  @DisplayName("a mention: the room's badge and the tab's title count it, the message is marked; one not in the room is told")
  void mentions() {
    Page ann = signUp(ui.browser(), ui.node().url(), "ann_men");
    Page bob = signUp(ui.browser(), ui.node().url(), "bob_men");
    Page cat = signUp(ui.browser(), ui.node().url(), "cat_men");
    createRoom(ann, "studio", "public", "");
    addMember(ann, "bob_men");
    assertThat(roomItem(bob, "studio")).isVisible();
    type(ann, "plain news");
    assertThat(roomItem(bob, "studio").locator(".badge")).hasText("1");
    assertThat(bob).hasTitle("• Chat");
    type(ann, "@bob_men and @cat_men, have a look");
    assertThat(roomItem(bob, "studio").locator(".badge.mentioned")).hasText("@1");
    assertThat(roomItem(bob, "studio")).hasAttribute("aria-label", "Room studio, 2 online, 2 unread, 1 mentioning you");
    assertThat(bob).hasTitle("(1) Chat");
    assertThat(cat.locator("#toast")).containsText("ANN_MEN mentioned you in # studio: @bob_men and @cat_men, have a look");

    roomItem(bob, "studio").click();
    Locator mentioning = bob.locator("#messages .message.mentions-me");
    assertThat(mentioning).hasCount(1);
    assertThat(mentioning.locator(".mention")).hasText(new String[] {"@bob_men", "@cat_men"});
    assertThat(bob).hasTitle("Chat");
    Browser.screenshot(bob, "rooms-mention");
  }

  @Test
  @DisplayName("a reload keeps bob's rooms and DM conversations, with the unread counts of the node; what he read stays read")
  void reloadKeepsRoomsAndDms() {
    Page dana = signUp(ui.browser(), ui.node().url(), "dana_r");
    Page bob = signUp(ui.browser(), ui.node().url(), "ben_r");
    createRoom(dana, "garden", "public", "");
    addMember(dana, "ben_r");
    assertThat(roomItem(bob, "garden")).isVisible();
    openDm(dana, "ben_r");
    type(dana, "a word for you");
    assertThat(bob.locator("#dm-list .badge")).hasText("1");

    bob.reload();
    assertThat(bob.locator("#connection")).hasText("online · ben_r");
    assertThat(roomItem(bob, "garden")).isVisible();
    assertThat(roomItem(bob, "general")).isVisible();
    assertThat(bob.locator("#dm-list button")).hasAttribute("aria-label", "Conversation with DANA_R, 1 unread");
    assertThat(bob).hasTitle("(1) Chat");
    bob.locator("#dm-list button").click();
    assertThat(messages(bob).last()).hasText("a word for you");
    assertThat(bob.locator("#dm-list .badge")).hasCount(0);
    // The page's read marker is stored before the reload asks for the counts again.
    Await.until(() -> Http.get(ui.node().url() + "/api/me/dms", ui.node().token("ben_r")).body()
        .getJsonArray("dms").getJsonObject(0).getInteger("unread") == 0, "ben_r's read marker of the DM stored");

    bob.reload();
    assertThat(bob.locator("#connection")).hasText("online · ben_r");
    assertThat(bob.locator("#dm-list button")).hasAttribute("aria-label", "Conversation with DANA_R");
    assertThat(roomItem(bob, "garden")).isVisible();
    assertThat(bob).hasTitle("Chat");
  }

  @Test
  @DisplayName("the members panel lists the online first with their roles; an owner removes a member; a member leaves for good")
  void membersPanel() {
    Page owner = signUp(ui.browser(), ui.node().url(), "olga_r");
    Page pia = signUp(ui.browser(), ui.node().url(), "pia_r");
    Page quin = signUp(ui.browser(), ui.node().url(), "quin_r");
    createRoom(owner, "crew", "private", "the crew");
    addMember(owner, "pia_r");
    addMember(owner, "quin_r");
    assertThat(owner.locator("#member-list li .name")).hasText(new String[] {"OLGA_R (@olga_r)", "PIA_R (@pia_r)", "QUIN_R (@quin_r)"});
    assertThat(roomItem(pia, "crew")).isVisible();
    roomItem(pia, "crew").click();
    pia.locator("#members-open").click();
    assertThat(pia.locator("#member-list li")).hasCount(3);
    assertThat(pia.locator("#member-add-form")).isHidden();
    assertThat(pia.locator("#member-list button")).hasCount(0);
    Browser.screenshot(owner, "rooms-members");

    owner.getByLabel("Remove quin_r").click();
    assertThat(roomItem(quin, "crew")).hasCount(0);
    assertThat(quin.locator("#toast")).containsText("You were removed from # crew by olga_r");
    assertThat(owner.locator("#member-list li")).hasCount(2);
    assertThat(pia.locator("#member-list li")).hasCount(2);

    pia.locator("#room-part").click();
    assertThat(roomItem(pia, "crew")).hasCount(0);
    assertThat(pia.locator("#members-panel")).isHidden();
    assertThat(pia.locator("#conversation-title")).hasText("Pick a room or a conversation");
    assertThat(owner.locator("#member-list li .name")).hasText(new String[] {"OLGA_R (@olga_r)"});
  }

  @Test
  @DisplayName("'Stay signed in' keeps the login for a new tab, which clears a badge when the first reads; without it a new tab asks to log in")
  void staySignedIn() {
    Page first = Ui.open(ui.browser(), ui.node().url(), 1280, 800);
    first.getByText("Create an account instead").click();
    first.getByLabel("User name").fill("rita_r");
    first.getByLabel("Password").fill("password-rita_r");
    first.getByLabel("Stay signed in").check();
    first.locator("#login-submit").click();
    assertThat(first.locator("#connection")).hasText("online · rita_r");
    Page second = first.context().newPage();
    second.navigate(ui.node().url() + "/");
    assertThat(second.locator("#connection")).hasText("online · rita_r");

    Page sam = signUp(ui.browser(), ui.node().url(), "sam_r");
    openDm(sam, "rita_r");
    type(sam, "one");
    type(sam, "two");
    assertThat(first.locator("#dm-list .badge")).hasText("2");
    assertThat(second.locator("#dm-list .badge")).hasText("2");
    first.locator("#dm-list button").click();
    assertThat(messages(first).last()).hasText("two");
    assertThat(second.locator("#dm-list .badge")).hasCount(0);
    assertThat(second).hasTitle("Chat");

    Page other = sam.context().newPage();
    other.navigate(ui.node().url() + "/");
    assertThat(other.locator("#login-view")).isVisible();
    assertThat(composer(sam)).isVisible();
  }
}
