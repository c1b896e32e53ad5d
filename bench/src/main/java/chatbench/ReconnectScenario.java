package chatbench;

import chat.client.ChatConnection;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The mass reconnect: three nodes, one room; {@code --connections} sessions of it on the third
 * node, {@code --members} bystanders and {@code --posters} posters on the other two, {@code --rate}
 * messages a second. The third node is drained (SIGTERM): its sessions are closed with 1012 and
 * each reconnects at once to one of the other nodes and joins with {@code since} its last seq, as
 * the protocol asks of a client. Measured: the time until every one of them has its {@code joined}
 * and has caught up (no gap, no duplicate), the bystanders' latency and closes while it happens,
 * and the survivors' CPU per reconnecting session (their CPU in the window, less what the steady
 * load cost them in as long before it).
 */
final class ReconnectScenario {
  private static final String ROOM = "bench";
  private static final int SETTLE_MS = 3_000;
  /**
   * Logins and joins the survivors serve before the measurement, in waves of {@link #WARM_WAVE}
   * sessions of the same users: a node that has served a while has its login path compiled, and
   * without them the JIT compiles it during the move (a quarter of the survivors' CPU there).
   */
  private static final int WARM_LOGINS = 2_000;
  private static final int WARM_WAVE = 200;

  private ReconnectScenario() {}

  /** A session of the drained node: the last seq it saw, and when it resumed elsewhere. */
  private static final class Mover {
    final int index;
    volatile long last;
    volatile long closedAtNanos;
    volatile long resumedAtNanos;
    long gaps;
    long duplicates;

    Mover(int index) {
      this.index = index;
    }

    synchronized void onText(String text, long drainedAt) {
      if (text.startsWith("{\"type\":\"joined\"") && drainedAt > 0 && resumedAtNanos == 0) {
        resumedAtNanos = System.nanoTime();
      } else if (text.startsWith("{\"type\":\"message\"")) {
        long seq = FanoutSession.number(text, "\"seq\":");
        if (seq <= last) {
          duplicates++;
        } else {
          if (last != 0 && seq != last + 1) {
            gaps++;
          }
          last = seq;
        }
      }
    }
  }

  static JsonObject reconnect(Options o) {
    int moving = o.connections;
    List<Mover> movers = new ArrayList<>();
    Recorder before = new Recorder(3);
    Recorder during = new Recorder(3);
    AtomicLong drainedAt = new AtomicLong();
    ConcurrentLinkedQueue<Integer> bystanderCloses = new ConcurrentLinkedQueue<>();
    LongAdder reconnectFailures = new LongAdder();
    try (Target target = Target.nodes(o, 3); LoadGen gen = new LoadGen(o.sources)) {
      int drained = target.ports.get(2);
      List<Integer> survivors = target.ports.subList(0, 2);
      Bench.progress(String.format(Locale.ROOT, "3 nodes: %d sessions on the third, %d bystanders and %d posters on the others, %d msg/s",
          moving, o.members, o.posters, o.rate));
      for (int i = 0; i < moving; i++) {
        movers.add(new Mover(i));
      }
      List<ChatConnection> joiners = new ArrayList<>(gen.open(drained, 0, moving, target.secret, f -> { },
          i -> text -> movers.get(i).onText(text, drainedAt.get())));
      for (int n = 0; n < o.members; n++) {
        int index = moving + n;
        List<ChatConnection> one = gen.open(survivors.get(n % 2), index, 1, target.secret, f -> { }, i -> text -> {
          if (text.startsWith("{\"type\":\"message\"")) {
            long sentAt = FanoutSession.sentAt(text);
            (drainedAt.get() == 0 ? before : during).recordValue(Math.max(0, (System.nanoTime() - sentAt) / 1000));
          }
        });
        one.forEach(ws -> ws.closeHandler(bystanderCloses::add));
        joiners.addAll(one);
      }
      List<ChatConnection> posters = new ArrayList<>();
      for (int p = 0; p < o.posters; p++) {
        posters.addAll(gen.open(survivors.get(p % 2), 2_000_000 + p, 1, target.secret, f -> { }, i -> text -> { }));
      }
      joiners.addAll(posters);
      if (joiners.size() != moving + o.members + o.posters) {
        throw new IllegalStateException("connected " + joiners.size() + " of " + (moving + o.members + o.posters));
      }
      joiners.forEach(ws -> ws.sendText(target.join(ROOM, null)));
      for (int i = 0; i < moving; i++) {
        Mover m = movers.get(i);
        ChatConnection ws = joiners.get(i);
        ws.closeHandler(code -> resume(gen, target, survivors, m, drainedAt, reconnectFailures));
      }
      warmLogins(gen, target, survivors);
      AtomicLong sent = new AtomicLong();
      long t0 = System.nanoTime();
      long timer = gen.vertx.setPeriodic(5, id -> {
        long due = (long) ((System.nanoTime() - t0) / 1e9 * o.rate);
        while (sent.get() < due) {
          long n = sent.incrementAndGet();
          posters.get((int) (n % posters.size())).sendText("{\"type\":\"say\",\"room\":\"" + ROOM + "\",\"text\":\""
              + System.nanoTime() + " m\"}");
        }
      });
      Proc.sleep(o.warmupS * 1000L);
      before.reset();
      Proc.sleep(o.durationS * 1000L);
      Histogram steady = before.getIntervalHistogram();
      double steadyCpu = survivorsCpu(target);
      long steadyNanos = System.nanoTime();
      Proc.sleep(o.durationS * 1000L);
      double cpuPerSecond = (survivorsCpu(target) - steadyCpu) / ((System.nanoTime() - steadyNanos) / 1e9);

      Bench.progress("draining the third node");
      double cpuAtDrain = survivorsCpu(target);
      double membersAtDrain = memberFrames(survivors);
      drainedAt.set(System.nanoTime());
      target.processes.get(2).destroy();
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (movers.stream().anyMatch(m -> m.resumedAtNanos == 0) && System.nanoTime() < deadline) {
        Proc.sleep(100);
      }
      long allResumed = System.nanoTime();
      double windowS = (allResumed - drainedAt.get()) / 1e9;
      double reconnectCpu = survivorsCpu(target) - cpuAtDrain - cpuPerSecond * windowS;
      double memberFrames = memberFrames(survivors) - membersAtDrain;
      Proc.sleep(SETTLE_MS);
      gen.vertx.cancelTimer(timer);
      Proc.sleep(1_000);
      Histogram whileMoving = during.getIntervalHistogram();

      long resumed = movers.stream().filter(m -> m.resumedAtNanos != 0).count();
      long newest = sent.get();
      long behind = movers.stream().filter(m -> m.last < newest - o.rate).count();
      long gaps = movers.stream().mapToLong(m -> m.gaps).sum();
      long duplicates = movers.stream().mapToLong(m -> m.duplicates).sum();
      List<Long> resumeMs = movers.stream().filter(m -> m.resumedAtNanos != 0)
          .map(m -> (m.resumedAtNanos - drainedAt.get()) / 1_000_000).sorted().toList();
      // How much of it the drained node took to close the sessions (1012), and how much the move.
      List<Long> closeMs = movers.stream().filter(m -> m.closedAtNanos != 0)
          .map(m -> (m.closedAtNanos - drainedAt.get()) / 1_000_000).sorted().toList();
      JsonObject result = new JsonObject().put("sessionsMoved", moving).put("resumed", resumed)
          .put("reconnectFailures", reconnectFailures.sum())
          .put("allResumedWithinS", resumed == moving ? Report.round(windowS) : null)
          .put("resumeP50ms", resumeMs.isEmpty() ? null : resumeMs.get(resumeMs.size() / 2))
          .put("resumeP99ms", resumeMs.isEmpty() ? null : resumeMs.get((int) (resumeMs.size() * 0.99)))
          .put("closedP50ms", closeMs.isEmpty() ? null : closeMs.get(closeMs.size() / 2))
          .put("closedP99ms", closeMs.isEmpty() ? null : closeMs.get((int) (closeMs.size() * 0.99)))
          .put("gaps", gaps).put("duplicates", duplicates).put("notCaughtUp", behind)
          .put("bystanderCloses", new io.vertx.core.json.JsonArray(List.copyOf(bystanderCloses)))
          .put("bystanderP99msBefore", Report.ms(steady, 99)).put("bystanderP99msDuring", Report.ms(whileMoving, 99))
          .put("bystanderMaxMsDuring", whileMoving.getMaxValue() / 1000.0)
          .put("survivorCpuMsPerReconnect", Report.round(reconnectCpu * 1000 / Math.max(1, resumed)))
          .put("survivorMemberFramesInWindow", Math.round(memberFrames));
      System.out.println("\n" + result.encodePrettily());
      Report.append(o.results, "reconnect", o, result);
      return result;
    }
  }

  /** A drained session reconnects at once to a surviving node (by its index) and joins from its last seq. */
  private static void resume(LoadGen gen, Target target, List<Integer> survivors, Mover m, AtomicLong drainedAt,
      LongAdder failures) {
    if (drainedAt.get() == 0) {
      return;
    }
    m.closedAtNanos = System.nanoTime();
    gen.login(survivors.get(m.index % 2), m.index, target.secret).onSuccess(login -> {
      login.connection().textHandler(text -> m.onText(text, drainedAt.get()));
      login.connection().sendText(target.join(ROOM, m.last));
    }).onFailure(e -> failures.increment());
  }

  private static void warmLogins(LoadGen gen, Target target, List<Integer> survivors) {
    Bench.progress("warming the survivors: " + WARM_LOGINS + " logins and joins");
    for (int done = 0; done < WARM_LOGINS; done += WARM_WAVE) {
      CountDownLatch joined = new CountDownLatch(WARM_WAVE);
      List<ChatConnection> wave = new ArrayList<>();
      for (int s = 0; s < survivors.size(); s++) {
        wave.addAll(gen.open(survivors.get(s), 3_000_000 + s * WARM_WAVE, WARM_WAVE / survivors.size(), target.secret, f -> { },
            i -> text -> {
              if (text.startsWith("{\"type\":\"joined\"")) {
                joined.countDown();
              }
            }));
      }
      wave.forEach(ws -> ws.sendText(target.join("warm-up", 0L)));
      try {
        if (!joined.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("warm-up joins not answered: " + joined.getCount() + " left");
        }
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      wave.forEach(ChatConnection::close);
    }
  }

  /** The frames the nodes wrote about members coming and going: one per change ({@code member}) or batched ({@code members}). */
  private static double memberFrames(List<Integer> ports) {
    return Proc.counter(ports, "chat_frames_out_total", "type=\"member\"") + Proc.counter(ports, "chat_frames_out_total", "type=\"members\"");
  }

  private static double survivorsCpu(Target target) {
    return Proc.cpuTime(target.pid(0)).total() + Proc.cpuTime(target.pid(1)).total();
  }
}
