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
  /** Threads (and connections) for reads; write transactions have a thread and a connection of their own. */
  private static final int READERS = 4;
  /** A write lock waited for this long by default (tests and tools; a node passes its setting). */
  private static final int DEFAULT_LOCK_TIMEOUT_MS = 5_000;
  /** After this long without a committed write, readiness checks with a write of its own. */
  private static final long PROBE_AFTER_NANOS = 5_000_000_000L;
  /**
   * SQL states of a transaction that failed for its timing, not its content, and may succeed if
   * run again (PostgreSQL): serialization failure, deadlock, lock wait timed out, and a unique
   * key another transaction committed meanwhile (run again, the statements see that row: an
   * idempotency key stored by another node is then found, not inserted).
   */
  private static final java.util.Set<String> TRANSIENT_STATES = java.util.Set.of("40001", "40P01", "55P03", "23505");
  /** SQLite's result codes for a lock it could not take within the busy timeout. */
  private static final java.util.Set<Integer> SQLITE_BUSY_CODES = java.util.Set.of(5, 6, 261, 262, 517);

  /** Work done with a connection on a worker thread. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final HikariDataSource pool;
  private final WorkerExecutor workers;
  /** The one thread of this store's write transactions: commits never wait behind reads, nor reads behind commits. */
  private final WorkerExecutor writer;
  /** When a write transaction last committed (System.nanoTime), and whether the last one failed for its timing (a lock above all). */
  private volatile long lastCommitNanos = System.nanoTime();
  private volatile boolean lastWriteLocked;
  /** The write readiness check in flight, shared by concurrent checks. */
  private volatile Future<Void> probe;

  private final boolean embedded;

  private Store(HikariDataSource pool, WorkerExecutor workers, WorkerExecutor writer, boolean embedded) {
    this.embedded = embedded;
    this.pool = pool;
    this.workers = workers;
    this.writer = writer;
  }

  /** Opens the pool and migrates the schema, off the event loop. */
  public static Future<Store> open(Vertx vertx, String url) {
    return open(vertx, url, "full", DEFAULT_LOCK_TIMEOUT_MS);
  }

  /**
   * {@code sync} (embedded store only): "normal" commits to the write-ahead log without an fsync,
   * which a process crash cannot undo; "full" also syncs the disk on every commit.
   * {@code lockTimeoutMs}: the longest a statement waits for a lock (SQLite's write lock, held by
   * another process of the host; a PostgreSQL row another session holds) before it fails.
   */
  public static Future<Store> open(Vertx vertx, String url, String sync, int lockTimeoutMs) {
    WorkerExecutor workers = vertx.createSharedWorkerExecutor("chat-store", READERS);
    return workers.executeBlocking(() -> {
      boolean embedded = url.startsWith("jdbc:sqlite:");
      HikariConfig hikari = new HikariConfig();
      hikari.setJdbcUrl(url);
      hikari.setPoolName("chat-store");
      hikari.setMaximumPoolSize(READERS + 1);
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
        hikari.addDataSourceProperty("busy_timeout", Integer.toString(lockTimeoutMs));
        hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        hikari.addDataSourceProperty("foreign_keys", "true");
      } else {
        hikari.setConnectionInitSql("SET lock_timeout = " + lockTimeoutMs);
      }
      HikariDataSource pool = new HikariDataSource(hikari);
      try {
        migrate(pool, url, embedded);
      } catch (RuntimeException e) {
        pool.close();
        throw e;
      }
      log.info("store ready: {}", embedded ? url : url.replaceAll("(?i)(password=)[^&]*", "$1****"));
      // Named per store: two stores of one Vert.x (two nodes in a test) write side by side.
      return new Store(pool, workers, vertx.createSharedWorkerExecutor("chat-store-writer-" + java.util.UUID.randomUUID(), 1), embedded);
    }, false);
  }

  /** The portable migrations, and those of the one store (full-text search differs between them). */
  private static void migrate(HikariDataSource pool, String url, boolean embedded) {
    var flyway = Flyway.configure().dataSource(pool).locations("classpath:db/migration", embedded ? "classpath:db/sqlite" : "classpath:db/postgresql");
    Matcher schema = PG_SCHEMA.matcher(url);
    if (schema.find()) {
      flyway.schemas(schema.group(1)).createSchemas(true);
    }
    flyway.load().migrate();
  }

  /** True for the embedded SQLite store, false for PostgreSQL: for the few statements that differ (search). */
  public boolean embedded() {
    return embedded;
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  public <T> Future<T> transaction(Work<T> work) {
    return writer.executeBlocking(() -> {
      try (Connection c = pool.getConnection()) {
        try {
          c.setAutoCommit(false);
        } catch (SQLException e) {
          // SQLite begins the write transaction here (BEGIN IMMEDIATE); refused for a lock, its driver
          // may still count a transaction as open, so the connection is not handed out again.
          lastWriteLocked = isTransient(e);
          pool.evictConnection(c);
          throw e;
        }
        try {
          T result = work.run(c);
          c.commit();
          lastCommitNanos = System.nanoTime();
          lastWriteLocked = false;
          return result;
        } catch (SQLException | RuntimeException e) {
          lastWriteLocked = isTransient(e);
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
    }, false);
  }

  /**
   * True when a transaction failed for its timing (a lock it could not get in time, a deadlock, a
   * serialization conflict), so that running it again may succeed; false for its content.
   */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof org.sqlite.SQLiteException e && SQLITE_BUSY_CODES.contains(e.getResultCode().code)) {
        return true;
      }
      if (t instanceof SQLException e && e.getSQLState() != null && TRANSIENT_STATES.contains(e.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Succeeds while the store takes writes: the last write transaction did not fail on a lock, and
   * one committed lately, or an empty one (which on the embedded store takes the host's write lock)
   * commits now. Concurrent checks share one probe, so a stuck store holds one worker, not many.
   */
  public Future<Void> writable() {
    if (!lastWriteLocked && System.nanoTime() - lastCommitNanos < PROBE_AFTER_NANOS) {
      return Future.succeededFuture();
    }
    Future<Void> running = probe;
    if (running == null || running.isComplete()) {
      running = transaction(c -> null).mapEmpty();
      probe = running;
    }
    return running;
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
    writer.close();
    pool.close();
  }
}
