package chatnode.search;

import chatnode.bus.SearchQuery;
import chatnode.store.Conversations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of a search: the store's match (see {@link SearchIndex}), only over what the viewer may
 * read (public rooms, their private rooms, their DMs), without deleted messages, newest first (in
 * the order the store's index gives best).
 */
final class Searches {
  private Searches() {}

  /** {@code {results: [{room | with, seq, from, ts, snippet}], next?}}. */
  static JsonObject find(Connection c, SearchIndex index, SearchQuery q) throws SQLException {
    String terms = index.terms(q.terms());
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT m.conv, m.seq, m.sender, m.recipient, m.ts, ").append(index.snippet())
        .append(", ").append(index.position());
    if (index.snippet().contains("?")) {
      params.add(terms);
    }
    sql.append(" FROM ").append(index.from())
        .append(" LEFT JOIN rooms r ON m.recipient IS NULL AND r.name = substr(m.conv, 3)")
        .append(" LEFT JOIN room_members rm ON rm.room = r.name AND rm.name = ?")
        .append(" WHERE ").append(index.matches()).append(" AND m.deleted_by IS NULL")
        .append(" AND ((m.recipient IS NULL AND (r.visibility = 'public' OR rm.name IS NOT NULL))")
        .append(" OR (m.recipient IS NOT NULL AND (m.sender = ? OR m.recipient = ?)))");
    params.add(q.viewer());
    params.add(terms);
    params.add(q.viewer());
    params.add(q.viewer());
    if (q.room() != null || q.with() != null) {
      sql.append(" AND m.conv = ?");
      params.add(q.room() != null ? Conversations.room(q.room()) : Conversations.direct(q.viewer(), q.with()));
    }
    if (q.from() != null) {
      sql.append(" AND m.sender = ?");
      params.add(q.from());
    }
    if (q.before() != null) {
      sql.append(" AND ").append(index.after());
      params.addAll(index.afterParams(q.before()));
    }
    sql.append(" ORDER BY ").append(index.order()).append(" LIMIT ?");
    params.add(q.limit() + 1);
    JsonArray results = new JsonArray();
    SearchQuery.Cursor last = null;
    boolean more = false;
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (results.size() == q.limit()) {
            more = true;
            break;
          }
          String conv = rs.getString(1);
          String sender = rs.getString(3);
          String recipient = rs.getString(4);
          JsonObject hit = recipient == null ? new JsonObject().put("room", conv.substring(2))
              : new JsonObject().put("with", sender.equals(q.viewer()) ? recipient : sender);
          hit.put("seq", rs.getLong(2)).put("from", sender).put("ts", rs.getLong(5)).put("snippet", rs.getString(6));
          results.add(hit);
          last = new SearchQuery.Cursor(rs.getLong(7), conv, rs.getLong(2));
        }
      }
    }
    JsonObject page = new JsonObject().put("results", results);
    return more ? page.put("next", SearchTerms.cursor(last)) : page;
  }
}
