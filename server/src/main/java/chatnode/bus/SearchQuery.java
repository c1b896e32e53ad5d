package chatnode.bus;

import java.util.List;

/**
 * A full-text search by {@code viewer} over what they may read: messages with every one of
 * {@code terms} (word prefixes), optionally only in {@code room} or in the DM conversation
 * {@code with}, only by {@code from}; newest first, those before {@code before} (null: from the
 * newest), at most {@code limit}.
 */
public record SearchQuery(String viewer, List<String> terms, String room, String with, String from, Cursor before, int limit) {
  /**
   * A result's place in the order (newest first): its position in the store's index order (the row's
   * id on SQLite, its ts on PostgreSQL), then its conversation and seq.
   */
  public record Cursor(long position, String conversation, long seq) {}
}
