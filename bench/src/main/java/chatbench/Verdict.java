package chatbench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a fan-out step kept up with the load it was offered, said in one line. A target that
 * falls behind still yields figures, but they measure its backlog (latency that grows by the
 * second, messages still queued at the end), not what a delivery costs it: the line says which.
 */
record Verdict(boolean held, String line) {
  /** Deliveries (and sends) may fall this far short of the offered load: the 5 ms send timer and the seconds' edges jitter. */
  static final double HELD_SHARE = 0.95;
  /** Median latency may rise this much from the first measured second to the last; more is a queue that grows. */
  static final double GROWTH_MS = 100;

  static Verdict of(FanoutSession.Step s) {
    List<String> why = new ArrayList<>();
    double offered = (double) s.rate() * s.members();
    double share = offered == 0 ? 1 : s.deliveriesPerS() / offered;
    if (share < HELD_SHARE) {
      why.add(String.format(Locale.ROOT, "delivered %.0f%% of the messages offered", share * 100));
    }
    if (s.sentPerS() < HELD_SHARE * s.rate()) {
      why.add(String.format(Locale.ROOT, "the load generator itself sent only %.0f msg/s", s.sentPerS()));
    }
    List<Double> p50s = s.p50MsEachSecond().stream().filter(v -> !v.isNaN()).toList();
    if (p50s.size() >= 2 && p50s.get(p50s.size() - 1) - p50s.get(0) > GROWTH_MS) {
      why.add("p50 rose from " + Report.duration(p50s.get(0)) + " to " + Report.duration(p50s.get(p50s.size() - 1))
          + " during the run");
    }
    if (s.missing() > 0) {
      why.add(String.format(Locale.ROOT, "%,d deliveries still missing 10 s after sending stopped", s.missing()));
    }
    if (s.gaps() + s.duplicates() > 0) {
      why.add(String.format(Locale.ROOT, "%,d gaps and %,d duplicates in the members' streams", s.gaps(), s.duplicates()));
    }
    if (s.refused() > 0) {
      why.add(String.format(Locale.ROOT, "%,d says refused", s.refused()));
    }
    String load = String.format(Locale.ROOT, "%d msg/s x %d members", s.rate(), s.members());
    String p50 = Report.duration(Report.ms(s.latencyMicros(), 50));
    if (why.isEmpty()) {
      return new Verdict(true, String.format(Locale.ROOT, "%s: held %s (p50 %s, p99 %s; nothing missing)", s.target(), load, p50,
          Report.duration(Report.ms(s.latencyMicros(), 99))));
    }
    return new Verdict(false, String.format(Locale.ROOT, "%s: COULD NOT KEEP UP at %s (%s; p50 %s): lower --rate or --members",
        s.target(), load, String.join("; ", why), p50));
  }
}
