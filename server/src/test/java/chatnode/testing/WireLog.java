package chatnode.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the shared test clients really sent and received, for {@code ProtocolCoverageIT}: one line
 * per distinct item (a frame type, an error or close code, an endpoint with its status), appended
 * to this JVM's file under {@code target/protocol-seen/} the first time it is seen, so the file
 * stays as small as the protocol and survives a JVM that dies mid-suite.
 */
public final class WireLog {
  public static final Path DIR = Path.of("target", "protocol-seen");
  private static final Path FILE = DIR.resolve("seen-" + ProcessHandle.current().pid() + ".txt");
  private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

  private WireLog() {}

  /**
   * A text message a client sent: its {@code type}, if it is a JSON object with one. Tests of bad
   * input send types by the thousand; those the doc does not list are one item.
   */
  static void sent(String text) {
    JsonObject frame = object(text);
    if (frame != null && frame.getValue("type") instanceof String type) {
      record("client-frame " + (ProtocolDoc.get().clientFrames.contains(type) ? type : "(undocumented)"));
    }
  }

  /** A frame the node sent; an {@code error} also by its {@code code}. */
  static void received(JsonObject frame) {
    record("node-frame " + frame.getValue("type"));
    if ("error".equals(frame.getValue("type"))) {
      record("error " + frame.getValue("code"));
    }
  }

  static void closed(int code) {
    record("close " + code);
  }

  static void upgradeRefused(int status) {
    record("upgrade " + status);
  }

  /** A REST call: the documented endpoint it matched (else its raw path), its status, and an error body's code. */
  static void http(String method, URI uri, int status, JsonObject body) {
    String route = ProtocolDoc.get().route(method, uri.getPath());
    record("endpoint " + method + " " + (route == null ? "unlisted:" + uri.getPath() : route) + " " + status);
    if (body.getValue("error") instanceof JsonObject error) {
      record("rest-error " + status + " " + error.getValue("code"));
    }
  }

  private static JsonObject object(String text) {
    try {
      return new JsonObject(text);
    } catch (RuntimeException notAnObject) {
      return null;
    }
  }

  private static void record(String item) {
    if (SEEN.add(item)) {
      synchronized (WireLog.class) {
        try {
          Files.createDirectories(DIR);
          Files.writeString(FILE, item + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
