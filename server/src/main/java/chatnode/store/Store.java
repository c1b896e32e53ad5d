package chatnode.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store: an embedded SQLite file (write-ahead log; several processes of one host
 * share it) or PostgreSQL, through the same JDBC code and the same Flyway migrations. Every call
 * runs on the store's worker pool, never on an event loop. Thread-safe: one per node.
 */
public final class Store implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Store.class);
  private static final Pattern PG_SCHEMA = Pattern.compile("[?&]currentSchema=([A-Za-z0-9_]+)");
  private static final int POOL_SIZE = 4;

  /** Work done with a connection on a worker thread. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final HikariDataSource pool;
  private final WorkerExecutor workers;

  private Store(HikariDataSource pool, WorkerExecutor workers) {
    this.pool = pool;
    this.workers = workers;
  }

  /** Opens the pool and migrates the schema, off the event loop. */
  public static Future<Store> open(Vertx vertx, String url) {
    return open(vertx, url, "full");
  }

  /**
   * {@code sync} (embedded store only): "normal" commits to the write-ahead log without an fsync,
   * which a process crash cannot undo; "full" also syncs the disk on every commit.
   */
  public static Future<Store> open(Vertx vertx, String url, String sync) {
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("chat-store", POOL_SIZE);
    return workers.executeBlocking(() -> {
      boolean embedded = url.startsWith("jdbc:sqlite:");
      HikariConfig hikari = new HikariConfig();
      hikari.setJdbcUrl(url);
      hikari.setPoolName("chat-store");
      hikari.setMaximumPoolSize(POOL_SIZE);
      hikari.setAutoCommit(true);
      if (embedded) {
        Path file = Path.of(url.substring("jdbc:sqlite:".length()).replaceFirst("\\?.*$", ""));
        if (file.getParent() != null) {
          Files.createDirectories(file.getParent());
        }
        // WAL lets readers run beside the writer; IMMEDIATE takes the write lock at BEGIN, so writers
        // of several processes queue instead of failing.
        hikari.addDataSourceProperty("journal_mode", "WAL");
        hikari.addDataSourceProperty("synchronous", sync.toUpperCase(java.util.Locale.ROOT));
        hikari.addDataSourceProperty("busy_timeout", "30000");
        hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        hikari.addDataSourceProperty("foreign_keys", "true");
      }
      HikariDataSource pool = new HikariDataSource(hikari);
      try {
        migrate(pool, url);
      } catch (RuntimeException e) {
        pool.close();
        throw e;
      }
      log.info("store ready: {}", embedded ? url : url.replaceAll("(?i)(password=)[^&]*", "$1****"));
      return new Store(pool, workers);
    }, false);
  }

  private static void migrate(HikariDataSource pool, String url) {
    var flyway = Flyway.configure().dataSource(pool).locations("classpath:db/migration");
    Matcher schema = PG_SCHEMA.matcher(url);
    if (schema.find()) {
      flyway.schemas(schema.group(1)).createSchemas(true);
    }
    flyway.load().migrate();
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  public <T> Future<T> transaction(Work<T> work) {
    return workers.executeBlocking(() -> {
      try (Connection c = pool.getConnection()) {
        c.setAutoCommit(false);
        try {
          T result = work.run(c);
          c.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    }, false);
  }

  /** Runs {@code work} with auto-commit: for reads and single statements. */
  public <T> Future<T> read(Work<T> work) {
    return workers.executeBlocking(() -> {
      try (Connection c = pool.getConnection()) {
        return work.run(c);
      }
    }, false);
  }

  @Override
  public void close() {
    pool.close();
  }
}
