package chatbench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PostgreSQL server a run's nodes may store in (127.0.0.1:5432, trust auth, database
 * {@code test}, as the tests use): the nodes' work in the store is partly done by the server's
 * processes, whose CPU the bench reads from /proc like the nodes'; each run has a schema of its
 * own (the node creates it), dropped with {@code psql} at the end.
 */
final class Postgres {
  static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  /** The part of the CPU by thread that is the PostgreSQL server's (every backend's, this run's and any other's). */
  static final String PART = "postgres server";

  private Postgres() {}

  /** CPU seconds the processes named postgres have used so far (those that ended in between are not counted). */
  static double serverCpuSeconds() {
    double total = 0;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
      for (Path p : procs) {
        try {
          if (Files.readString(p.resolve("comm")).strip().equals("postgres")) {
            total += Proc.cpuSeconds(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException | RuntimeException e) {
          // ended while read
        }
      }
    } catch (IOException e) {
      return Double.NaN;
    }
    return total;
  }

  static void dropSchema(String schema) {
    psql(schema, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
  }

  /** Gathers the planner's statistics of every table of the schema. */
  static void analyze(String schema) {
    psql(schema, "SET search_path = " + schema + "; ANALYZE");
  }

  private static void psql(String schema, String sql) {
    try {
      Process p = new ProcessBuilder("psql", "-q", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-c", sql)
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        System.err.println("psql " + sql + " on " + schema + " failed: " + out);
      }
    } catch (IOException e) {
      System.err.println("psql " + sql + " on " + schema + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
