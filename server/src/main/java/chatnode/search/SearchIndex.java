package chatnode.search;

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
  }
}
