package chatnode.testing;

import chatnode.store.Store;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.DriverManager;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The stores a test runs on: the embedded file always, PostgreSQL whenever 127.0.0.1:5432 answers
 * (trust auth, database {@code test}; CI makes sure it does). Each PostgreSQL run gets a schema of
 * its own, so runs never see each other's data.
 */
public final class Stores {
  public static final String EMBEDDED = "embedded";
  public static final String POSTGRES = "postgresql";
  private static final String PG_BASE = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  private Stores() {}

  public static Stream<String> kinds() {
    return Stream.of(EMBEDDED, POSTGRES);
  }

  /** A fresh store URL of that kind; a PostgreSQL test is skipped, saying why, when no server answers. */
  public static String url(String kind, Path data) {
    if (kind.equals(EMBEDDED)) {
      return "jdbc:sqlite:" + data.resolve("chat.db").toAbsolutePath();
    }
    Assumptions.assumeTrue(answers(5432), "PostgreSQL does not answer on 127.0.0.1:5432");
    return PG_BASE + "&currentSchema=t_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** Drops a PostgreSQL test schema; nothing to do for the embedded store (its directory is temporary). */
  public static void drop(String url) {
    int at = url.indexOf("currentSchema=");
    if (!url.startsWith("jdbc:postgresql:") || at < 0) {
      return;
    }
    try (Connection c = DriverManager.getConnection(PG_BASE)) {
      c.createStatement().execute("DROP SCHEMA IF EXISTS " + url.substring(at + "currentSchema=".length()) + " CASCADE");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Opens a fresh store of that kind, runs the test on it, then closes and drops it. */
  public static void withStore(String kind, Vertx vertx, Path data, Consumer<Store> test) {
    String url = url(kind, data);
    Store store = Await.result(Store.open(vertx, url));
    try {
      test.accept(store);
    } finally {
      store.close();
      drop(url);
    }
  }

  /** Whether a service of this machine answers on 127.0.0.1:{@code port}. */
  public static boolean answers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Makes the node's (embedded) store refuse every message of this text, as a store failure: for parking. */
  public static void refuseText(TestNode node, String text) throws SQLException {
    try (Connection c = DriverManager.getConnection(node.config().effectiveStoreUrl());
        PreparedStatement trigger = c.prepareStatement("CREATE TRIGGER refuse_text BEFORE INSERT ON messages WHEN NEW.text = '"
            + text + "' BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END")) {
      trigger.execute();
    }
  }
}
