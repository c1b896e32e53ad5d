package chatbench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import chat.client.ChatConnection;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.HdrHistogram.Histogram;

/**
 * How long {@code welcome} takes for a user who is a member of many rooms full of messages, next
 * to one who is a member of a single such room, in the same run. {@code welcome} lists every room
 * of the user with its unread and mention counts, each a COUNT capped at 999 (docs/protocol.md,
 * "Read markers and unread counts"), so its cost grows with the rooms and, up to the cap, with
 * the unread messages in each. Three users are measured, their logins interleaved:
 * <ul>
 *   <li>{@code many, unread}: a member of every room, who never read anything;</li>
 *   <li>{@code many, read}: a member of every room, read up to the newest message (its counts
 *   scan nothing: what is left is the per-room cost of the queries themselves);</li>
 *   <li>{@code one}: a member of one of the rooms only, unread like the first.</li>
 * </ul>
 * The rooms are filled to each size of {@code --messages} in turn (100 then 1000: the same rooms
 * grow), and the logins measured at each size, so the run shows how the time grows with the
 * messages. Each measured user parts {@code general} first, so that its rooms are exactly these.
 */
final class WelcomeScenario {
  private static final int MANY_UNREAD = 0;
  private static final int MANY_READ = 1;
  private static final int ONE = 2;
  private static final String[] USERS = {"many, unread", "many, read", "one"};
  /** Seeders' user indices: away from the measured users' b_0..b_2. */
  private static final int SEEDER = 2_000_000;

  private WelcomeScenario() {}

  static String room(int i) {
    return "room-" + i;
  }

  static JsonObject welcome(Options o) {
    JsonArray sizes = new JsonArray();
    try (Target target = Target.nodes(o, 1); LoadGen gen = new LoadGen(o.sources)) {
      int port = target.ports.get(0);
      partGeneral(target, gen);
      // The seeders' joins create the rooms (public, as a version 1 join does); the measured users are added before any message.
      Seeder seeder = new Seeder(gen, port, target.secret, o.rooms, o.seeders);
      RoomAdmin admin = new RoomAdmin(gen.vertx, port, target.secret);
      for (int r = 0; r < o.rooms; r++) {
        admin.addMembers(room(r), r == 0 ? List.of("b_0", "b_1", "b_2") : List.of("b_0", "b_1"));
      }
      for (int size : o.messages) {
        Bench.progress(String.format(Locale.ROOT, "filling %d rooms to %,d messages each", o.rooms, size));
        long t0 = System.nanoTime();
        long seeded = seeder.fillTo(size);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Bench.progress(String.format(Locale.ROOT, "  %,d messages in %.1f s (%,.0f/s)", seeded, seconds, seeded / seconds));
        markAllRead(gen, port, target.secret, o.rooms, size);
        JsonObject measured = measureLogins(o, target, gen);
        sizes.add(new JsonObject().put("messagesPerRoom", size).put("seeded", seeded).put("seedSeconds", Report.round(seconds))
            .put("seededPerS", Math.round(seeded / seconds)).put("users", measured));
      }
    }
    JsonObject result = new JsonObject().put("rooms", o.rooms).put("logins", o.logins).put("sizes", sizes);
    print(o, sizes);
    Report.append(o.results, "welcome", o, result);
    return result;
  }

  /** Creates the measured users (a first login does) and parts them from general. */
  private static void partGeneral(Target target, LoadGen gen) {
    int port = target.ports.get(0);
    for (int user = 0; user < USERS.length; user++) {
      Promise<Void> parted = Promise.promise();
      ChatConnection ws = LoadGen.await(gen.login(port, user, target.secret)).connection();
      ws.textHandler(text -> {
        if (text.startsWith("{\"type\":\"membership\"") && text.contains("\"general\"")) {
          parted.tryComplete();
        } else if (text.startsWith("{\"type\":\"error\"")) {
          parted.tryFail(text);
        }
      });
      ws.sendText("{\"type\":\"part\",\"room\":\"general\"}");
      LoadGen.await(parted.future());
      LoadGen.await(ws.close());
    }
  }

  /** The {@code many, read} user reads every room up to {@code seq}; awaited by logging in until its welcome shows nothing unread. */
  private static void markAllRead(LoadGen gen, int port, String secret, int rooms, int seq) {
    ChatConnection ws = LoadGen.await(gen.login(port, MANY_READ, secret)).connection();
    for (int r = 0; r < rooms; r++) {
      ws.sendText("{\"type\":\"read\",\"room\":\"" + room(r) + "\",\"seq\":" + seq + "}");
    }
    for (int attempt = 0; ; attempt++) {
      LoadGen.Login check = LoadGen.await(gen.login(port, MANY_READ, secret));
      LoadGen.await(check.connection().close());
      if (unread(new JsonObject(check.welcome())) == 0) {
        break;
      }
      if (attempt == 100) {
        throw new IllegalStateException("the read markers did not all move: " + check.welcome());
      }
      Proc.sleep(100);
    }
    LoadGen.await(ws.close());
  }

  private static long unread(JsonObject welcome) {
    return welcome.getJsonArray("rooms").stream().mapToLong(r -> ((JsonObject) r).getLong("unread")).sum();
  }

  /**
   * Logs the three users in by turns, a few times unmeasured (the JIT) and then {@code --logins}
   * times each, one login at a time: latency auth to welcome, and the node's CPU from the upgrade
   * to the welcome (nothing else runs on the node meanwhile).
   */
  private static JsonObject measureLogins(Options o, Target target, LoadGen gen) {
    int port = target.ports.get(0);
    long pid = target.pid(0);
    Histogram[] latency = new Histogram[USERS.length];
    double[] cpu = new double[USERS.length];
    JsonObject[] last = new JsonObject[USERS.length];
    int warmup = Math.max(3, o.logins / 5);
    for (int round = 0; round < warmup + o.logins; round++) {
      if (round == warmup) {
        for (int u = 0; u < USERS.length; u++) {
          latency[u] = new Histogram(3);
          cpu[u] = 0;
        }
      }
      for (int u = 0; u < USERS.length; u++) {
        double cpu0 = Proc.cpuSeconds(pid);
        LoadGen.Login login = LoadGen.await(gen.login(port, u, target.secret));
        double cpu1 = Proc.cpuSeconds(pid);
        LoadGen.await(login.connection().close());
        if (latency[u] != null) {
          latency[u].recordValue(login.authToWelcomeNanos() / 1000);
          cpu[u] += cpu1 - cpu0;
        }
        last[u] = new JsonObject(login.welcome()).put("bytes", login.welcome().length());
      }
    }
    JsonObject users = new JsonObject();
    for (int u = 0; u < USERS.length; u++) {
      Histogram h = latency[u];
      users.put(USERS[u], new JsonObject().put("rooms", last[u].getJsonArray("rooms").size()).put("unread", unread(last[u]))
          .put("welcomeBytes", last[u].getInteger("bytes")).put("p50ms", Report.ms(h, 50)).put("p99ms", Report.ms(h, 99))
          .put("maxMs", h.getMaxValue() / 1000.0).put("nodeCpuMsPerLogin", Report.round(cpu[u] * 1000 / o.logins)));
    }
    Bench.progress("  " + users.encode());
    return users;
  }

  private static void print(Options o, JsonArray sizes) {
    System.out.printf(Locale.ROOT, "%n%10s %-13s %6s %8s %9s %8s %8s %8s %14s%n", "msgs/room", "user", "rooms", "unread", "welcome",
        "p50 ms", "p99 ms", "max ms", "node CPU/login");
    for (Object s : sizes) {
      JsonObject size = (JsonObject) s;
      JsonObject users = size.getJsonObject("users");
      for (String user : USERS) {
        JsonObject u = users.getJsonObject(user);
        System.out.printf(Locale.ROOT, "%,10d %-13s %6d %8d %7.1f K %8.2f %8.2f %8.2f %11.2f ms%n", size.getInteger("messagesPerRoom"),
            user, u.getInteger("rooms"), u.getLong("unread"), u.getInteger("welcomeBytes") / 1024.0, u.getDouble("p50ms"),
            u.getDouble("p99ms"), u.getDouble("maxMs"), u.getDouble("nodeCpuMsPerLogin"));
      }
    }
    System.out.printf(Locale.ROOT, "(%d logins of each user at each size, interleaved; %d rooms)%n", o.logins, o.rooms);
  }

  /**
   * Fills the rooms with messages as fast as the node stores them: a few sessions, each joined to
   * its share of the rooms, each keeping a window of says in flight and sending the next when one
   * is acknowledged (group commit then stores many per transaction).
   */
  static final class Seeder {
    private static final int WINDOW = 256;
    private final LoadGen gen;
    private final List<ChatConnection> sessions = new ArrayList<>();
    private final int rooms;
    static final String TEXT = "seeded message to make the rooms as full as a busy day leaves them, no mentions in it";
    /** The text of the n-th message seeded (from 0, across sessions and fills; JSON-safe). */
    private final LongFunction<String> texts;
    private final AtomicLong said = new AtomicLong();
    private int size;

    Seeder(LoadGen gen, int port, String secret, int rooms, int count) {
      this(gen, port, secret, rooms, count, n -> TEXT);
    }

    Seeder(LoadGen gen, int port, String secret, int rooms, int count, LongFunction<String> texts) {
      this.gen = gen;
      this.rooms = rooms;
      this.texts = texts;
      // A session joins at most 200 rooms (max-rooms-per-session): with more rooms, more seeders.
      int seeders = Math.max(count, (rooms + 199) / 200);
      List<Future<Void>> joined = new ArrayList<>();
      for (int k = 0; k < seeders; k++) {
        ChatConnection ws = LoadGen.await(gen.login(port, SEEDER + k, secret)).connection();
        sessions.add(ws);
        Promise<Void> all = Promise.promise();
        int[] toJoin = {(rooms - k + seeders - 1) / seeders};
        if (toJoin[0] == 0) {
          all.complete();
        }
        ws.textHandler(text -> {
          if (text.startsWith("{\"type\":\"joined\"") && --toJoin[0] == 0) {
            all.tryComplete();
          } else if (text.startsWith("{\"type\":\"error\"")) {
            all.tryFail(text);
          }
        });
        joined.add(all.future());
      }
      // Once a session has every joined, all of its rooms exist and it may say in them.
      for (int r = 0; r < rooms; r++) {
        sessions.get(r % seeders).sendText("{\"type\":\"join\",\"room\":\"" + room(r) + "\"}");
      }
      LoadGen.await(Future.all(joined));
    }

    /** Adds messages until every room has {@code target}; returns how many it stored. */
    long fillTo(int target) {
      List<Future<Void>> done = new ArrayList<>();
      AtomicLong acked = new AtomicLong();
      long total = 0;
      for (int k = 0; k < sessions.size(); k++) {
        List<String> mine = new ArrayList<>();
        for (int r = k; r < rooms; r += sessions.size()) {
          mine.add(room(r));
        }
        long count = (long) mine.size() * (target - size);
        total += count;
        done.add(fill(sessions.get(k), mine, count, acked));
      }
      long all = total;
      long timer = gen.vertx.setPeriodic(2000, id -> Bench.progress(String.format(Locale.ROOT, "  %,d of %,d stored", acked.get(), all)));
      LoadGen.await(Future.all(done));
      gen.vertx.cancelTimer(timer);
      size = target;
      return total;
    }

    /** Says {@code count} messages round the rooms on one session, {@link #WINDOW} unacknowledged at most. */
    private Future<Void> fill(ChatConnection ws, List<String> mine, long count, AtomicLong acked) {
      Promise<Void> finished = Promise.promise();
      // Acks arrive on the session's event loop while this thread writes the first window: the counts are taken under a lock.
      Object lock = new Object();
      long[] sent = {0};
      long[] answered = {0};
      Runnable sendOne = () -> {
        String room = mine.get((int) (sent[0] % mine.size()));
        ws.sendText("{\"type\":\"say\",\"room\":\"" + room + "\",\"text\":\"" + texts.apply(said.getAndIncrement())
            + "\",\"ref\":\"" + sent[0] + "\"}");
        sent[0]++;
      };
      ws.textHandler(frame -> {
        if (frame.startsWith("{\"type\":\"ack\"")) {
          acked.incrementAndGet();
          synchronized (lock) {
            answered[0]++;
            if (sent[0] < count) {
              sendOne.run();
            } else if (answered[0] == count) {
              finished.tryComplete();
            }
          }
        } else if (frame.startsWith("{\"type\":\"error\"")) {
          finished.tryFail("a seeding say was refused: " + frame);
        }
      });
      ws.closeHandler(code -> finished.tryFail("the seeding session closed with " + code));
      if (count == 0) {
        finished.complete();
      }
      synchronized (lock) {
        while (sent[0] < Math.min(WINDOW, count)) {
          sendOne.run();
        }
      }
      return finished.future();
    }
  }
}
