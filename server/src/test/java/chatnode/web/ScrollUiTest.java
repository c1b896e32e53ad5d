package chatnode.web;

import static chatnode.web.Ui.joinRoom;
import static chatnode.web.Ui.messages;
import static chatnode.web.Ui.signUp;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.Http;
import com.microsoft.playwright.Page;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A reader's view stays where the reader put it: arrivals, history pages and selections. */
class ScrollUiTest {
  /** The page's history page size: a join shows the last 50, each scroll to the top 50 more. */
  static final int PAGE = 50;

  @RegisterExtension
  static final UiNode ui = new UiNode();

  /** Posts into a room through the publish API, as a backend would, from the given user. */
  static void post(String room, String from, String text) {
    assertEquals(201, Http.post(ui.node().url() + "/api/rooms/" + room + "/messages", ui.node().token("bot", "service"),
        new JsonObject().put("text", text).put("from", from)).status());
  }

  /** The seq of the first message whose bottom is inside the list's visible area. */
  static int firstVisibleSeq(Page page) {
    return ((Number) page.evaluate("() => { const list = document.getElementById('messages');"
        + " const top = list.getBoundingClientRect().top;"
        + " const m = [...list.querySelectorAll('.message')].find((li) => li.getBoundingClientRect().bottom > top + 1);"
        + " return m ? Number(m.dataset.seq) : -1; }")).intValue();
  }

  /** How far below the list's top edge the message of this seq is drawn, in CSS pixels. */
  static double offsetInView(Page page, int seq) {
    return ((Number) page.evaluate("(seq) => { const list = document.getElementById('messages');"
        + " return list.querySelector(`.message[data-seq='${seq}']`).getBoundingClientRect().top - list.getBoundingClientRect().top; }",
        seq)).doubleValue();
  }

  static double scrollTop(Page page) {
    return ((Number) page.evaluate("() => document.getElementById('messages').scrollTop")).doubleValue();
  }

  static boolean atBottom(Page page) {
    return (Boolean) page.evaluate("() => { const l = document.getElementById('messages');"
        + " return l.scrollHeight - l.scrollTop - l.clientHeight < 2; }");
  }

  @Test
  @DisplayName("scrolled up in a room of 200 messages, 5 arrivals leave the view where it was and offer '5 new messages', which jumps down")
  void scrolledUpReaderStays() {
    String room = "scrollback";
    for (int i = 1; i <= 200; i++) {
      post(room, "bot", "message " + i);
    }
    Page reader = signUp(ui.browser(), ui.node().url(), "reader_ui");
    joinRoom(reader, room);
    assertThat(messages(reader)).hasCount(PAGE);
    assertThat(messages(reader).last()).hasText("message 200");
    assertTrue(atBottom(reader), "a room opens at its newest message");

    // At the top, the page asks for the page before; it comes in above without moving what is shown.
    reader.evaluate("() => { document.getElementById('messages').scrollTop = 0; }");
    int shown = firstVisibleSeq(reader);
    double shownAt = offsetInView(reader, shown);
    assertThat(messages(reader)).hasCount(2 * PAGE);
    // (The page before now shows in the list's top padding too, so compare a place, not "the first".)
    assertEquals(shownAt, offsetInView(reader, shown), 1.0, "the history page prepended without moving the view");

    reader.evaluate("() => { document.getElementById('messages').scrollTop = 1500; }");
    double top = scrollTop(reader);
    int first = firstVisibleSeq(reader);
    for (int i = 1; i <= 5; i++) {
      post(room, "poster_ui", "arrival " + i);
    }
    assertThat(messages(reader).last()).hasText("arrival 5");
    assertEquals(top, scrollTop(reader), "the view did not move");
    assertEquals(first, firstVisibleSeq(reader), "the same message is first in view");
    assertThat(reader.locator("#new-messages")).isVisible();
    assertThat(reader.locator("#new-messages")).hasText("5 new messages");

    reader.locator("#new-messages").click();
    assertThat(reader.locator("#new-messages")).isHidden();
    assertTrue(atBottom(reader), "the button jumps to the newest message");

    // A reader at the bottom stays at the bottom, and is offered nothing.
    post(room, "poster_ui", "arrival 6");
    assertThat(messages(reader).last()).hasText("arrival 6");
    assertTrue(atBottom(reader), "a reader at the bottom follows the arrivals");
    assertThat(reader.locator("#new-messages")).isHidden();
  }

  @Test
  @DisplayName("a text selected in a message survives an arrival")
  void selectionSurvives() {
    String room = "quotes";
    post(room, "bot", "a sentence worth quoting");
    Page reader = signUp(ui.browser(), ui.node().url(), "quoter_ui");
    joinRoom(reader, room);
    assertThat(messages(reader).last()).hasText("a sentence worth quoting");
    reader.evaluate("() => { const text = document.querySelector('#messages .message .text');"
        + " const range = document.createRange(); range.selectNodeContents(text);"
        + " getSelection().removeAllRanges(); getSelection().addRange(range); }");
    assertEquals("a sentence worth quoting", reader.evaluate("() => getSelection().toString()"));

    post(room, "poster_ui", "an interruption");
    assertThat(messages(reader).last()).hasText("an interruption");
    assertEquals("a sentence worth quoting", reader.evaluate("() => getSelection().toString()"), "the selection is unchanged");
    assertEquals(true, reader.evaluate("() => getSelection().anchorNode.isConnected"), "the selected text is the one still shown");
  }
}
