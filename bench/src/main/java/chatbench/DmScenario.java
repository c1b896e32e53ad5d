package chatbench;

import chat.client.ChatConnection;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** The direct-message scenario. */
final class DmScenario {

  private DmScenario() {}

  /** Pairs of users exchanging DMs: latency to the other side, and each session's conversation stream gapless. */
  static JsonObject dm(Options o) {
    Recorder recorder = new Recorder(3);
    LongAdder received = new LongAdder();
    LongAdder gaps = new LongAdder();
    AtomicLong sent = new AtomicLong();
    JsonObject result;
    try (Target target = Target.nodes(o, 1); LoadGen gen = new LoadGen(o.sources)) {
      int sessions = o.pairs * 2;
      long[] last = new long[sessions];
      List<ChatConnection> sockets = gen.open(target.ports.get(0), 0, sessions, target.secret, f -> { }, i -> text -> {
        if (!text.startsWith("{\"type\":\"dm\"")) {
          return;
        }
        long seq = Long.parseLong(text.replaceAll(".*\"seq\":(\\d+).*", "$1"));
        synchronized (last) {
          if (last[i] != 0 && seq != last[i] + 1) {
            gaps.increment();
          }
          last[i] = Math.max(last[i], seq);
        }
        if (!text.contains("\"from\":\"b_" + i + "\"")) {
          int t = text.indexOf("\"text\":\"") + 8;
          recorder.recordValue(Math.max(0, (System.nanoTime() - Long.parseLong(text, t, text.indexOf(' ', t), 10)) / 1000));
          received.increment();
        }
      });
      String padding = "x".repeat(Math.max(0, o.size - 30));
      long t0 = System.nanoTime();
      long timer = gen.vertx.setPeriodic(5, id -> {
        long due = (long) ((System.nanoTime() - t0) / 1e9 * o.rate);
        while (sent.get() < due) {
          long n = sent.incrementAndGet();
          int from = (int) (n % sessions);
          int to = from % 2 == 0 ? from + 1 : from - 1;
          sockets.get(from).sendText("{\"type\":\"dm\",\"to\":\"b_" + to + "\",\"text\":\"" + System.nanoTime() + " " + padding + "\"}");
        }
      });
      Proc.sleep(o.warmupS * 1000L);
      recorder.reset();
      received.reset();
      Target.CpuSample cpu0 = target.cpuSample();
      for (int s = 1; s <= o.durationS; s++) {
        Proc.sleep(1000);
        Bench.progress(String.format(Locale.ROOT, "  dm %d msg/s: %d s, %,d received", o.rate, s, received.sum()));
      }
      Target.CpuSample cpu1 = target.cpuSample();
      double cpu = cpu1.total() - cpu0.total();
      Map<String, Double> parts = cpu1.byPartSince(cpu0);
      Histogram h = recorder.getIntervalHistogram();
      long got = received.sum();
      gen.vertx.cancelTimer(timer);
      Proc.sleep(1000);
      result = new JsonObject().put("pairs", o.pairs).put("rate", o.rate).put("receivedPerS", got / o.durationS)
          .put("p50ms", Report.ms(h, 50)).put("p99ms", Report.ms(h, 99)).put("p999ms", Report.ms(h, 99.9))
          .put("maxMs", h.getMaxValue() / 1000.0).put("cpuMicrosPerDm", Report.round(cpu * 1e6 / Math.max(1, got)))
          .put("cpuMicrosPerDmByThread", Report.microsEach(parts, got))
          .put("gaps", gaps.sum());
    }
    System.out.println("\n" + result.encodePrettily());
    Report.append(o.results, "dm", o, result);
    return result;
  }
}
