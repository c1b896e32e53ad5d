package chatbench;

import chat.client.ChatApi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongPredicate;
import org.HdrHistogram.Histogram;

/**
 * How long {@code GET /api/search} takes over many stored messages (docs/protocol.md, "Search"),
 * on the store {@code --store} names. One node; {@code --search-messages} messages are said into
 * {@code --rooms} public rooms as fast as the node stores them (the {@link WelcomeScenario.Seeder}:
 * a few sessions with a window of says in flight), each text made of words whose frequencies are
 * known exactly ({@link #text}). Then one user searches, one query at a time, each query of
 * {@link #QUERIES} in turn, {@code --queries} measured times after a fifth as many unmeasured:
 * latency from request to the whole first page (the default 50 results), and the node's CPU (and
 * on PostgreSQL the server's) per query.
 */
final class SearchScenario {
  /** The queries and which messages have all their words: a rare word, a common one, two words, a prefix. */
  static final Map<String, Query> QUERIES = new LinkedHashMap<>();

  record Query(String kind, String q, LongPredicate matches) {}

  static {
    for (Query q : new Query[] {
        new Query("rare word", "zebra", n -> n % 10_000 == 7),
        new Query("common word", "hello", n -> n % 2 == 0),
        new Query("two words", "north river", n -> n % 10 == 3 && n % 7 == 0),
        new Query("prefix", "deplo", n -> n % 100 >= 11 && n % 100 <= 14)}) {
      QUERIES.put(q.kind(), q);
    }
  }

  private static final String[] DEPLOY = {"deploy", "deployed", "deploying", "deployment"};

  private SearchScenario() {}

  /**
   * The n-th message's text: "hello" in every other message (50%), "zebra" in one of 10,000, "north"
   * in one of 10, "river" in one of 7 (both in one of 70), a word starting "deplo" in 4 of 100,
   * and six filler words (k0..k1999, drawn from n) that none of the queries match: a fixed
   * vocabulary of 2,009 words.
   */
  static String text(long n) {
    StringBuilder b = new StringBuilder(80);
    long h = n * 0x9E3779B97F4A7C15L;
    for (int j = 0; j < 6; j++) {
      h ^= h >>> 31;
      h *= 0xBF58476D1CE4E5B9L;
      b.append('k').append(Long.remainderUnsigned(h, 2000)).append(' ');
      if (j == 1 && n % 2 == 0) {
        b.append("hello ");
      }
      if (j == 2 && n % 10 == 3) {
        b.append("north ");
      }
      if (j == 3 && n % 7 == 0) {
        b.append("river ");
      }
      if (j == 4 && n % 100 >= 11 && n % 100 <= 14) {
        b.append(DEPLOY[(int) (n % 100 - 11)]).append(' ');
      }
    }
    if (n % 10_000 == 7) {
      b.append("zebra ");
    }
    return b.toString().strip();
  }

  static JsonObject search(Options o) {
    int perRoom = (o.searchMessages + o.rooms - 1) / o.rooms;
    long stored = (long) perRoom * o.rooms;
    JsonObject result = new JsonObject().put("store", o.store).put("rooms", o.rooms);
    JsonArray queries = new JsonArray();
    try (Target target = Target.nodes(o, 1); LoadGen gen = new LoadGen(o.sources)) {
      int port = target.ports.get(0);
      Bench.progress(String.format(Locale.ROOT, "%s store: seeding %,d messages into %d rooms", o.store, stored, o.rooms));
      WelcomeScenario.Seeder seeder = new WelcomeScenario.Seeder(gen, port, target.secret, o.rooms, o.seeders, SearchScenario::text);
      long t0 = System.nanoTime();
      long seeded = seeder.fillTo(perRoom);
      double seconds = (System.nanoTime() - t0) / 1e9;
      Bench.progress(String.format(Locale.ROOT, "  %,d messages in %.1f s (%,.0f/s)", seeded, seconds, seeded / seconds));
      boolean pg = o.store.equals("postgresql");
      if (pg && o.analyze) {
        long a0 = System.nanoTime();
        Postgres.analyze(target.schema());
        Bench.progress(String.format(Locale.ROOT, "  ANALYZE in %.1f s", (System.nanoTime() - a0) / 1e9));
      }
      result.put("analyzed", pg && o.analyze);
      result.put("messages", seeded).put("seedSeconds", Report.round(seconds)).put("seededPerS", Math.round(seeded / seconds));
      // The searching user exists once it has logged in.
      LoadGen.await(LoadGen.await(gen.login(port, 0, target.secret)).connection().close());
      String token = Tokens.mint(target.secret, "b_0");
      ChatApi api = ChatApi.of(gen.vertx, URI.create("http://127.0.0.1:" + port)).as(token);
      int warmup = Math.max(1, o.queries / 5);
      Map<String, Histogram> latency = new LinkedHashMap<>();
      Map<String, double[]> cpu = new LinkedHashMap<>();
      Map<String, Integer> firstPage = new LinkedHashMap<>();
      QUERIES.keySet().forEach(k -> {
        latency.put(k, new Histogram(3));
        cpu.put(k, new double[2]);
      });
      for (int round = 0; round < warmup + o.queries; round++) {
        for (Query q : QUERIES.values()) {
          double node0 = Proc.cpuSeconds(target.pid(0));
          double pg0 = pg ? Postgres.serverCpuSeconds() : 0;
          long s0 = System.nanoTime();
          JsonObject found = LoadGen.await(api.search(q.q()));
          long nanos = System.nanoTime() - s0;
          double node1 = Proc.cpuSeconds(target.pid(0));
          double pg1 = pg ? Postgres.serverCpuSeconds() : 0;
          if (round >= warmup) {
            latency.get(q.kind()).recordValue(nanos / 1000);
            cpu.get(q.kind())[0] += node1 - node0;
            cpu.get(q.kind())[1] += pg1 - pg0;
          }
          firstPage.put(q.kind(), found.getJsonArray("results").size());
        }
      }
      for (Query q : QUERIES.values()) {
        long matching = 0;
        for (long n = 0; n < seeded; n++) {
          if (q.matches().test(n)) {
            matching++;
          }
        }
        Histogram h = latency.get(q.kind());
        JsonObject line = new JsonObject().put("kind", q.kind()).put("q", q.q()).put("matching", matching)
            .put("firstPage", firstPage.get(q.kind())).put("p50ms", Report.ms(h, 50)).put("p99ms", Report.ms(h, 99))
            .put("maxMs", h.getMaxValue() / 1000.0).put("nodeCpuMsPerQuery", Report.round(cpu.get(q.kind())[0] * 1000 / o.queries));
        if (pg) {
          line.put("postgresCpuMsPerQuery", Report.round(cpu.get(q.kind())[1] * 1000 / o.queries));
        }
        queries.add(line);
      }
    }
    result.put("queries", queries);
    System.out.printf(Locale.ROOT, "%n%s store%s, %,d messages in %d rooms (seeded in %.1f s, %,d/s); %d queries of each, one at a time%n",
        o.store, result.getBoolean("analyzed") ? " (analyzed)" : "", result.getLong("messages"), o.rooms, result.getDouble("seedSeconds"), result.getLong("seededPerS"), o.queries);
    System.out.printf(Locale.ROOT, "%-12s %-12s %9s %6s %8s %8s %8s %10s%s%n", "query", "q", "matching", "page", "p50 ms", "p99 ms",
        "max ms", "node CPU", o.store.equals("postgresql") ? "  PostgreSQL CPU" : "");
    for (Object x : queries) {
      JsonObject q = (JsonObject) x;
      System.out.printf(Locale.ROOT, "%-12s %-12s %,9d %6d %8.2f %8.2f %8.2f %7.2f ms%s%n", q.getString("kind"), q.getString("q"),
          q.getLong("matching"), q.getInteger("firstPage"), q.getDouble("p50ms"), q.getDouble("p99ms"), q.getDouble("maxMs"),
          q.getDouble("nodeCpuMsPerQuery"), q.containsKey("postgresCpuMsPerQuery")
              ? String.format(Locale.ROOT, " %12.2f ms", q.getDouble("postgresCpuMsPerQuery")) : "");
    }
    System.out.println("(CPU from /proc in 10 ms ticks, averaged over the measured queries)");
    Report.append(o.results, "search", o, result);
    return result;
  }
}
