package chatbench;

import io.vertx.core.Handler;
import chat.client.ChatConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One room of {@code members} receivers and {@code posters} senders on a target, loaded at a
 * given rate in steps. Every delivery's latency is measured from the moment its say was sent
 * (the send time travels in the text); every member checks it sees each seq once, in order.
 * Against a peer server, a counter in the text stands in for the seq.
 */
final class FanoutSession implements AutoCloseable {
  /**
   * The room a session loads. A private one is created by a service user, which adds every member
   * and poster before they join; each say to it then costs the membership check that the node
   * makes in the transaction storing the message (a public room's is skipped once the node knows it
   * is public).
   */
  record Room(String name, boolean isPrivate) {
    static final Room PUBLIC = new Room("bench", false);
  }

  /**
   * What one step measured: {@code sentPerS} is what the load generator managed to send while
   * measuring (it shares the cores), {@code p50MsEachSecond} the median latency of each measured
   * second (a queue that grows shows as a rising series), {@code ackMicros} the posters' say-to-ack
   * latency (the node acknowledges a say once it is stored; empty on a peer), {@code cpu} the
   * target's processes' CPU time while measuring, {@code rssBytes} their RSS at the end of it.
   */
  record Step(String target, int rate, int members, double seconds, long sent, double sentPerS, long deliveries,
              double deliveriesPerS, Histogram latencyMicros, Histogram ackMicros, List<Double> p50MsEachSecond, Proc.CpuTime cpu,
              Map<String, Double> cpuByThread, long rssBytes, long gaps, long duplicates, long missing, long refused) {
    double cpuMicrosPerDelivery() {
      return perDelivery(cpu.total());
    }

    double cpuUserMicrosPerDelivery() {
      return perDelivery(cpu.user());
    }

    double cpuKernelMicrosPerDelivery() {
      return perDelivery(cpu.system());
    }

    /** The store threads' CPU µs per delivery (they commit each message once, whatever the room's size); 0 on a peer. */
    double storeMicrosPerDelivery() {
      return perDelivery(cpuByThread.getOrDefault("store", 0.0));
    }

    private double perDelivery(double seconds) {
      return deliveries == 0 ? Double.NaN : seconds * 1e6 / deliveries;
    }
  }

  private final Target target;
  private final LoadGen gen;
  private final Room room;
  private final String label;
  private final List<ChatConnection> posters;
  private final List<Member> members = new ArrayList<>();
  private final Recorder recorder = new Recorder(3);
  private final Recorder acks = new Recorder(3);
  private final LongAdder deliveries = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final AtomicLong sent = new AtomicLong();
  private final String padding;
  private volatile boolean measuring;

  /** A member's view of the stream: the last seq seen and what broke the order. */
  private final class Member {
    long last;
    long received;
    long gaps;
    long duplicates;

    synchronized void onText(String text) {
      long seq;
      long sentAt;
      if (target.plain) {
        int space = text.indexOf(' ');
        sentAt = Long.parseLong(text, 0, space, 10);
        seq = Long.parseLong(text, space + 1, text.indexOf(' ', space + 1), 10);
      } else {
        if (!text.startsWith("{\"type\":\"message\"")) {
          if (text.startsWith("{\"type\":\"error\"")) {
            refused.increment();
          }
          return;
        }
        seq = number(text, "\"seq\":");
        sentAt = sentAt(text);
      }
      received++;
      if (target.plain) {
        // The bare server makes no order promise across senders: only the count is checked.
        last = Math.max(last, seq);
      } else if (seq <= last) {
        duplicates++;
        return;
      } else {
        if (seq != last + 1 && last != 0) {
          gaps++;
        }
        last = seq;
      }
      if (measuring) {
        deliveries.increment();
        recorder.recordValue(Math.max(0, (System.nanoTime() - sentAt) / 1000));
      }
    }
  }

  FanoutSession(Target target, LoadGen gen, int memberCount, int posterCount, int size) {
    this(target, gen, Room.PUBLIC, memberCount, posterCount, size);
  }

  /** A session on {@code room}; its steps are labelled with the target and, unless it is the default room, the room's kind. */
  FanoutSession(Target target, LoadGen gen, Room room, int memberCount, int posterCount, int size) {
    this.target = target;
    this.gen = gen;
    this.room = room;
    this.label = room.equals(Room.PUBLIC) ? target.label() : target.label() + " " + (room.isPrivate() ? "private" : "public");
    this.padding = "x".repeat(Math.max(0, size - 30));
    List<Integer> ports = target.ports;
    List<ChatConnection> joiners = new ArrayList<>();
    int perNode = (memberCount + ports.size() - 1) / ports.size();
    for (int n = 0; n < ports.size(); n++) {
      int count = Math.min(perNode, memberCount - n * perNode);
      List<Member> these = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        these.add(new Member());
      }
      members.addAll(these);
      int offset = n * perNode;
      joiners.addAll(gen.open(ports.get(n), offset, count, target.secret, fail -> { }, i -> these.get(i - offset)::onText));
    }
    // Posters are on every node in turn; they join too (say needs it) but their own deliveries are not counted.
    posters = new ArrayList<>();
    for (int p = 0; p < posterCount; p++) {
      int port = ports.get(p % ports.size());
      List<ChatConnection> one = gen.open(port, 1_000_000 + p, 1, target.secret, fail -> { }, i -> text -> {
        if (text.startsWith("{\"type\":\"ack\"")) {
          // The say's ref is its send time.
          int r = text.indexOf("\"ref\":\"") + 7;
          long sentAt = Long.parseLong(text, r, text.indexOf('"', r), 10);
          if (measuring) {
            acks.recordValue(Math.max(0, (System.nanoTime() - sentAt) / 1000));
          }
        } else if (text.startsWith("{\"type\":\"error\"")) {
          refused.increment();
        }
      });
      posters.addAll(one);
    }
    if (members.size() != memberCount || posters.size() != posterCount) {
      throw new IllegalStateException("connected " + members.size() + "/" + memberCount + " members and "
          + posters.size() + "/" + posterCount + " posters");
    }
    joiners.addAll(posters);
    if (room.isPrivate()) {
      // Everyone has logged in once by now, so every user exists and can be added.
      RoomAdmin admin = new RoomAdmin(gen.vertx, ports.get(0), target.secret);
      admin.createPrivate(room.name());
      List<String> users = new ArrayList<>();
      for (int i = 0; i < memberCount; i++) {
        users.add("b_" + i);
      }
      for (int p = 0; p < posterCount; p++) {
        users.add("b_" + (1_000_000 + p));
      }
      admin.addMembers(room.name(), users);
    }
    joinAll(joiners);
    Proc.sleep(500);
  }

  private void joinAll(List<ChatConnection> sockets) {
    if (!target.plain) {
      sockets.forEach(ws -> ws.sendText(target.join(room.name(), null)));
    }
  }

  /** Loads the room at {@code rate} messages a second: {@code warmupS} unmeasured, then {@code seconds} measured. */
  Step run(int rate, int warmupS, int seconds, Handler<String> progress) {
    long startSent = sent.get();
    long t0 = System.nanoTime();
    long timer = gen.vertx.setPeriodic(5, id -> {
      long due = (long) ((System.nanoTime() - t0) / 1e9 * rate) + startSent;
      while (sent.get() < due) {
        long n = sent.incrementAndGet();
        ChatConnection ws = posters.get((int) (n % posters.size()));
        long now = System.nanoTime();
        String text = now + " " + n + " " + padding;
        ws.sendText(target.plain ? text : "{\"type\":\"say\",\"room\":\"" + room.name() + "\",\"text\":\"" + text
            + "\",\"ref\":\"" + now + "\"}");
      }
    });
    Proc.sleep(warmupS * 1000L);
    recorder.reset();
    acks.reset();
    deliveries.reset();
    Target.CpuSample cpu0 = target.cpuSample();
    long m0 = System.nanoTime();
    long sent0 = sent.get();
    Histogram h = new Histogram(3);
    List<Double> p50s = new ArrayList<>();
    measuring = true;
    for (int s = 1; s <= seconds; s++) {
      Proc.sleep(1000);
      Histogram second = recorder.getIntervalHistogram();
      h.add(second);
      p50s.add(Report.ms(second, 50));
      progress.handle(String.format("  %s %d msg/s: %d s, %,d deliveries so far, p50 %s", label, rate, s, deliveries.sum(),
          Report.duration(p50s.get(p50s.size() - 1))));
    }
    measuring = false;
    Target.CpuSample cpu1 = target.cpuSample();
    long rss = target.rssBytes();
    Proc.CpuTime cpu = cpu1.time().minus(cpu0.time());
    Map<String, Double> parts = cpu1.byPartSince(cpu0);
    double elapsed = (System.nanoTime() - m0) / 1e9;
    double sentPerS = (sent.get() - sent0) / elapsed;
    long delivered = deliveries.sum();
    h.add(recorder.getIntervalHistogram());
    Histogram ackH = acks.getIntervalHistogram();
    gen.vertx.cancelTimer(timer);
    long total = sent.get();
    awaitDrain(total);
    long gaps = members.stream().mapToLong(m -> m.gaps).sum();
    long dups = members.stream().mapToLong(m -> m.duplicates).sum();
    long missing = members.stream().mapToLong(m -> Math.max(0, total - (target.plain ? m.received : m.last))).sum();
    return new Step(label, rate, members.size(), elapsed, total - startSent, sentPerS, delivered, delivered / elapsed, h, ackH,
        List.copyOf(p50s), cpu, parts, rss, gaps, dups, missing, refused.sum());
  }

  /** After sending stops, waits (bounded) until every member has the last message. */
  private void awaitDrain(long total) {
    for (int i = 0; i < 100 && members.stream().anyMatch(m -> (target.plain ? m.received : m.last) < total); i++) {
      Proc.sleep(100);
    }
  }

  /** The send time (System.nanoTime of the load generator) that a bench message's text starts with. */
  static long sentAt(String messageFrame) {
    int t = messageFrame.indexOf("\"text\":\"") + 8;
    return Long.parseLong(messageFrame, t, messageFrame.indexOf(' ', t), 10);
  }

  static long number(String text, String key) {
    int i = text.indexOf(key) + key.length();
    int end = i;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return Long.parseLong(text, i, end, 10);
  }

  @Override
  public void close() {
    // the connections close with the load generator
  }
}
