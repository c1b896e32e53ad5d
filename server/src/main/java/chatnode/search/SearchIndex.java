package chatnode.search;

import chatnode.bus.SearchQuery;
import java.util.List;

/**
 * The part of a search each store does its own way: matching the words against its full-text index
 * and cutting a snippet. Everything else (who may read what, filters, order, paging) is common
 * SQL, in {@link Searches}.
 */
interface SearchIndex {
  /** The FROM clause: the messages as {@code m}, joined to the index where it is a table of its own. */
  String from();

  /** The condition that {@code m} matches the words, with one parameter: {@link #terms}. */
  String matches();

  /** A snippet of {@code m}'s text around the words; where it has a parameter, it is {@link #terms} again. */
  String snippet();

  /** The store's query for the words, each a prefix, all of them required. */
  String terms(List<String> words);

  /** The result's position in the order, newest first: a number (see {@link SearchQuery.Cursor}). */
  String position();

  /** The ORDER BY list, newest first. */
  String order();

  /** The condition that a result comes after the cursor, and its parameters. */
  String after();

  List<Object> afterParams(SearchQuery.Cursor c);

  static SearchIndex of(boolean embedded) {
    return embedded ? new Sqlite() : new Postgres();
  }

  /** SQLite's FTS5 table {@code message_search}, kept by triggers (db/sqlite/V11). */
  final class Sqlite implements SearchIndex {
    @Override
    public String from() {
      return "message_search s JOIN messages m ON m.id = s.rowid";
    }

    @Override
    public String matches() {
      return "message_search MATCH ?";
    }

    @Override
    public String snippet() {
      return "snippet(message_search, 0, '', '', '…', 16)";
    }

    @Override
    public String terms(List<String> words) {
      return String.join(" ", words.stream().map(w -> "\"" + w + "\"*").toList());
    }

    // The index hands its matches out in rowid order (a row's id grows as messages are stored), so a
    // page of a common word stops after its rows instead of sorting every match.
    @Override
    public String position() {
      return "s.rowid";
    }

    @Override
    public String order() {
      return "s.rowid DESC";
    }

    @Override
    public String after() {
      return "s.rowid < ?";
    }

    @Override
    public List<Object> afterParams(SearchQuery.Cursor c) {
      return List.of(c.position());
    }
  }

  /** PostgreSQL's generated tsvector column {@code messages.search} with its GIN index (db/postgresql/V11). */
  final class Postgres implements SearchIndex {
    @Override
    public String from() {
      return "messages m";
    }

    @Override
    public String matches() {
      return "m.search @@ to_tsquery('simple', ?)";
    }

    @Override
    public String snippet() {
      return "ts_headline('simple', m.text, to_tsquery('simple', ?), 'StartSel=\"\",StopSel=\"\",MaxWords=24,MinWords=8')";
    }

    @Override
    public String terms(List<String> words) {
      return String.join(" & ", words.stream().map(w -> "'" + w + "':*").toList());
    }

    @Override
    public String position() {
      return "m.ts";
    }

    @Override
    public String order() {
      return "m.ts DESC, m.conv DESC, m.seq DESC";
    }

    @Override
    public String after() {
      return "(m.ts < ? OR (m.ts = ? AND (m.conv < ? OR (m.conv = ? AND m.seq < ?))))";
    }

    @Override
    public List<Object> afterParams(SearchQuery.Cursor c) {
      return List.of(c.position(), c.position(), c.conversation(), c.conversation(), c.seq());
    }
  }
}
