package chatnode.search;

import chatnode.bus.SearchQuery;
import chatnode.protocol.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a search asks, from the words people type: the words (letters, digits, underscores), each
 * matched as a prefix, never as the store's own query syntax; and the cursor of a page. Pure.
 */
public final class SearchTerms {
  /** Words of one search and the length of each: enough for any phrase, and bounded work. */
  public static final int MAX_TERMS = 8;
  public static final int MAX_TERM = 64;
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");

  private SearchTerms() {}

  /** The words of {@code q}, lower case; 400 when it has none or too many. */
  public static List<String> of(String q) {
    List<String> terms = new ArrayList<>();
    Matcher m = WORD.matcher(q == null ? "" : q);
    while (m.find()) {
      if (terms.size() == MAX_TERMS) {
        throw Fields.bad("q", "q may have at most " + MAX_TERMS + " words");
      }
      String word = m.group().toLowerCase(Locale.ROOT);
      terms.add(word.length() > MAX_TERM ? word.substring(0, MAX_TERM) : word);
    }
    if (terms.isEmpty()) {
      throw Fields.bad("q", "q needs a word to search for");
    }
    return terms;
  }

  /** A page's {@code next}, the {@code before} of the page after it. */
  public static String cursor(SearchQuery.Cursor c) {
    return c.position() + "." + c.seq() + "." + c.conversation();
  }

  /** A {@code before} given back; 400 when it is not one this node made. */
  public static SearchQuery.Cursor parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    String[] parts = raw.split("\\.", 3);
    try {
      if (parts.length == 3 && parts[2].matches("[rd]:[a-z0-9_:-]{1,80}")) {
        return new SearchQuery.Cursor(Long.parseLong(parts[0]), parts[2], Long.parseLong(parts[1]));
      }
    } catch (NumberFormatException e) {
      // told below
    }
    throw Fields.bad("before", "before must be the next of an earlier page");
  }
}
