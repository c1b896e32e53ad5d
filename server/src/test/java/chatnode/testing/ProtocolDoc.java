package chatnode.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What docs/protocol.md documents, read from its tables: the frames each side sends, the error,
 * close and refusal codes, and the endpoints (method and path template, query left out).
 */
public final class ProtocolDoc {
  public static final Path FILE = Path.of("..", "docs", "protocol.md");
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
  private static final Pattern ENDPOINT = Pattern.compile("(GET|POST|PUT|DELETE|PATCH) (/[^?\\s]*)");
  private static ProtocolDoc parsed;

  private final List<String> lines;
  public final Set<String> clientFrames;
  public final Set<String> nodeFrames;
  /** Codes an {@code error} frame can carry; a row the doc marks "not sent as a frame" is left out. */
  public final Set<String> errorCodes;
  public final Set<String> closeCodes;
  /** The plain-text statuses that refuse a WebSocket upgrade. */
  public final Set<String> upgradeRefusals;
  /** "status code" pairs of the HTTP error body. */
  public final Set<String> restErrors;
  /** "METHOD /path/{param}": the Endpoints table, the admin API table, and the WebSocket's own. */
  public final Set<String> endpoints = new LinkedHashSet<>();

  private ProtocolDoc(List<String> lines) {
    this.lines = lines;
    clientFrames = firstSpans(table("### Frames a client sends", "type"));
    nodeFrames = firstSpans(table("### Frames the node sends", "type"));
    errorCodes = new LinkedHashSet<>();
    for (String[] row : table("### Errors", "code")) {
      if (!row[1].startsWith("not sent as a frame")) {
        errorCodes.add(firstSpan(row[0]));
      }
    }
    closeCodes = leadingNumbers(table("### Close codes", "code"));
    upgradeRefusals = leadingNumbers(table("### Connecting", "status"));
    restErrors = new LinkedHashSet<>();
    for (String[] row : table("## HTTP API", "status")) {
      restErrors.add(row[0] + " " + firstSpan(row[1]));
    }
    endpoints.addAll(endpointsIn(lines.get(headingAt("## WebSocket:"))));
    for (String[] row : table("### Endpoints", "method and path")) {
      endpoints.addAll(endpointsIn(row[0]));
    }
    for (String[] row : table("## Admin API", "method and path")) {
      endpoints.addAll(endpointsIn(row[0]));
    }
  }

  public static synchronized ProtocolDoc get() {
    if (parsed == null) {
      try {
        parsed = new ProtocolDoc(Files.readAllLines(FILE));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return parsed;
  }

  /** The documented endpoint a request is for, or null: a {@code {param}} stands for one path segment. */
  public String route(String method, String path) {
    String[] given = path.split("/", -1);
    for (String endpoint : endpoints) {
      String[] template = endpoint.substring(endpoint.indexOf(' ') + 1).split("/", -1);
      if (endpoint.startsWith(method + " ") && template.length == given.length && matches(template, given)) {
        return endpoint.substring(endpoint.indexOf(' ') + 1);
      }
    }
    return null;
  }

  private static boolean matches(String[] template, String[] given) {
    for (int i = 0; i < template.length; i++) {
      boolean param = template[i].startsWith("{") && !given[i].isEmpty();
      if (!param && !template[i].equals(given[i])) {
        return false;
      }
    }
    return true;
  }

  private int headingAt(String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new IllegalStateException(FILE + " has no heading " + prefix);
  }

  /** The rows of the first table in the section under {@code heading} whose first header cell is {@code firstHeader}. */
  private List<String[]> table(String heading, String firstHeader) {
    int level = heading.indexOf(' ');
    List<String[]> rows = new ArrayList<>();
    boolean inTable = false;
    boolean inCode = false;
    for (int i = headingAt(heading) + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      inCode ^= line.startsWith("```");
      if (!inCode && line.matches("#{1," + level + "} .*")) {
        break; // the section ends
      }
      if (inCode || !line.startsWith("|")) {
        if (inTable) {
          break;
        }
        continue;
      }
      String[] cells = Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|")).map(String::trim).toArray(String[]::new);
      if (!inTable) {
        inTable = cells[0].equals(firstHeader);
      } else if (!cells[0].startsWith("---")) {
        rows.add(cells);
      }
    }
    return rows;
  }

  private static String firstSpan(String cell) {
    Matcher m = CODE_SPAN.matcher(cell);
    if (!m.find()) {
      throw new IllegalStateException(FILE + ": no `name` in table cell " + cell);
    }
    return m.group(1);
  }

  private static Set<String> firstSpans(List<String[]> rows) {
    Set<String> out = new LinkedHashSet<>();
    rows.forEach(row -> out.add(firstSpan(row[0])));
    return out;
  }

  private static Set<String> leadingNumbers(List<String[]> rows) {
    Set<String> out = new LinkedHashSet<>();
    for (String[] row : rows) {
      Matcher m = Pattern.compile("^\\d+").matcher(row[0]);
      if (m.find()) {
        out.add(m.group());
      }
    }
    return out;
  }

  /** Every "METHOD /path" in the code spans of {@code text}; {@code /api/admin/…}, which has no method, is not one. */
  private static Set<String> endpointsIn(String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher span = CODE_SPAN.matcher(text);
    while (span.find()) {
      Matcher e = ENDPOINT.matcher(span.group(1));
      if (e.lookingAt()) {
        out.add(e.group(1) + " " + e.group(2));
      }
    }
    return out;
  }
}
