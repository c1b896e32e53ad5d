package chatnode.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import chatnode.protocol.Protocol;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which words of a text are mentions. */
class MentionsTest {
  @Test
  @DisplayName("@name at the start or after a non-name character, in any case, once each, not the sender's own")
  void candidates() {
    assertEquals(List.of("bob", "carol_1"), Mentions.candidates("@bob, (@Carol_1) @bob", "ann"));
    assertEquals(List.of(), Mentions.candidates("mail ann@bob.org or @ab or @ann", "ann"), "an address, a name too short, the sender");
    assertEquals(List.of("dan"), Mentions.candidates("@dan's turn", "ann"));
    assertEquals(List.of(), Mentions.candidates("@" + "x".repeat(33), "ann"), "longer than a name can be");
    assertEquals(List.of(), Mentions.candidates("no mention here", "ann"));
  }

  @Test
  @DisplayName("at most MAX_MENTIONS distinct users per message")
  void bounded() {
    String text = IntStream.range(0, Protocol.MAX_MENTIONS + 5).mapToObj(i -> "@user" + i).collect(Collectors.joining(" "));
    assertEquals(Protocol.MAX_MENTIONS, Mentions.candidates(text, "ann").size());
  }
}
