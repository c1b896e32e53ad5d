package chatnode.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a node's /metrics (Prometheus text format). */
public final class Prometheus {
  private Prometheus() {}

  public static String scrape(TestNode node) {
    return Http.text(node.url() + "/metrics");
  }

  /** The value of the first sample named {@code name} whose labels include {@code label} (e.g. {@code type="say"}, or ""). */
  public static double value(String text, String name, String label) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
    while (m.find()) {
      if (label.isEmpty() || (m.group(1) != null && m.group(1).contains(label))) {
        return Double.parseDouble(m.group(2));
      }
    }
    return -1;
  }
}
