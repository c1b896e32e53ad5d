package chatbench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A run's settings, from {@code --key value} flags; every one has a default fit for this 2-core machine. */
final class Options {
  final Map<String, String> raw = new HashMap<>();
  /**
   * The room's load: both the node and the bare server hold 200 members x 200 msg/s (40,000
   * deliveries a second) here with the load generator on the same 2 cores, so a run with no flags
   * measures cost, not a backlog; docs/benchmarks.md has the ceilings.
   */
  int members = 200;
  int posters = 10;
  int rate = 200;
  /** With the warm-up, start-up and drain, a fanout run of both targets takes about a minute. */
  int durationS = 15;
  int warmupS = 10;
  int size = 100;
  int connections = 19_000;
  int pairs = 200;
  int sources = 8;
  /** Nodes for {@code connect}: each holds {@code connections}. */
  int nodes = 1;
  String nodeHeap = "1g";
  /** For a helper process of {@code connect}: the node's port, the first user index, the token secret. */
  int port;
  int offset;
  String secret;
  Path nodeJar = Path.of("server/target/chat-node.jar");
  /** For {@code builds}: the other node jar, loaded in turn with {@code --node-jar} (e.g. a build of an earlier commit). */
  Path baseJar;
  /** For {@code builds}: what the steps of each jar are called, e.g. "no index" and "index". */
  String baseLabel = "base";
  String label = "node";
  /** The nodes' store: {@code embedded} (SQLite in a temporary directory) or {@code postgresql} (127.0.0.1:5432, database test, a fresh schema). */
  String store = "embedded";
  /** For {@code search}: messages stored before searching (over {@code --rooms} rooms). */
  int searchMessages = 1_000_000;
  /** For {@code search}: measured runs of each query (after a fifth as many unmeasured). */
  int queries = 200;
  /**
   * For {@code search} on PostgreSQL: ANALYZE the schema after seeding, as autovacuum would on a
   * server that runs it (the test server here does not: autovacuum off), so the planner knows the
   * tables' sizes; without it the plan is the one of a fresh table of unknown size.
   */
  boolean analyze;
  /** Record a JFR profile of each node into the log directory (for finding where CPU goes). */
  boolean profile;
  /** For {@code fanout} and {@code connect}: the peer servers measured beside the node ({@link PeerServers#ALL}). */
  List<String> peers = PeerServers.ALL;
  /** Where the JS peers' sources and package.json are; their packages are installed there (node_modules). */
  Path peersDir = Path.of("bench/peers");
  /** For {@code fanout}: rounds (each peer, then the node) to run; the ratios reported are their medians. */
  int repeat = 1;
  /** For {@code smoke}: the node to check, e.g. https://chat.example.com; none: start one. */
  String url;
  /** For {@code welcome}: rooms the many-rooms users are members of. */
  int rooms = 200;
  /**
   * For {@code welcome}: the sizes (messages per room) the rooms are filled to in turn, logins
   * measured at each; here the node stores 200 rooms of 1,000 in about 12 s and of 10,000 in
   * about 75 s (docs/benchmarks.md), so the default run takes well under a minute.
   */
  List<Integer> messages = List.of(100, 1000);
  /** For {@code welcome}: measured logins of each user at each size. */
  int logins = 50;
  /** For {@code welcome}: sessions filling the rooms, each with a window of says in flight. */
  int seeders = 4;
  /**
   * How the load's sessions join a room: {@code batched} (a {@code members} frame per room and
   * interval, as the web UI asks) or {@code each} (a {@code member} frame per arrival, version 1).
   */
  String memberFrames = "batched";
  /** Highest rate {@code ramp} tries. */
  int maxRate = 10_000_000;
  Path results = Path.of("bench/results.jsonl");
  Path logDir = Path.of("bench/target/logs");
  Path chart = Path.of("docs/bench-latency.svg");

  private static int atLeastOne(String key, int value) {
    if (value < 1) {
      throw new IllegalArgumentException("--" + key + " must be at least 1");
    }
    return value;
  }

  private static String oneOf(String key, String value, List<String> allowed) {
    if (!allowed.contains(value)) {
      throw new IllegalArgumentException("--" + key + " must be one of " + allowed);
    }
    return value;
  }

  static Options parse(String[] args, int from) {
    Options o = new Options();
    for (int i = from; i + 1 < args.length; i += 2) {
      String key = args[i].replaceFirst("^--", "");
      String v = args[i + 1];
      o.raw.put(key, v);
      switch (key) {
        case "members" -> o.members = Integer.parseInt(v);
        case "posters" -> o.posters = Integer.parseInt(v);
        case "rate" -> o.rate = Integer.parseInt(v);
        case "duration" -> o.durationS = Integer.parseInt(v);
        case "warmup" -> o.warmupS = Integer.parseInt(v);
        case "size" -> o.size = Integer.parseInt(v);
        case "connections" -> o.connections = Integer.parseInt(v);
        case "pairs" -> o.pairs = Integer.parseInt(v);
        case "sources" -> o.sources = Integer.parseInt(v);
        case "nodes" -> o.nodes = Integer.parseInt(v);
        case "node-heap" -> o.nodeHeap = v;
        case "port" -> o.port = Integer.parseInt(v);
        case "offset" -> o.offset = Integer.parseInt(v);
        case "secret" -> o.secret = v;
        case "node-jar" -> o.nodeJar = Path.of(v);
        case "base-jar" -> o.baseJar = Path.of(v);
        case "base-label" -> o.baseLabel = v;
        case "label" -> o.label = v;
        case "store" -> o.store = oneOf(key, v, List.of("embedded", "postgresql"));
        case "search-messages" -> o.searchMessages = atLeastOne(key, Integer.parseInt(v));
        case "analyze" -> o.analyze = Boolean.parseBoolean(v);
        case "queries" -> o.queries = atLeastOne(key, Integer.parseInt(v));
        case "url" -> o.url = v;
        case "peers" -> o.peers = Arrays.stream(v.split(",")).map(String::strip).map(p -> oneOf(key, p, PeerServers.ALL))
            .distinct().toList();
        case "peers-dir" -> o.peersDir = Path.of(v);
        case "repeat" -> o.repeat = atLeastOne(key, Integer.parseInt(v));
        case "max-rate" -> o.maxRate = Integer.parseInt(v);
        case "member-frames" -> o.memberFrames = oneOf(key, v, List.of("batched", "each"));
        case "rooms" -> o.rooms = atLeastOne(key, Integer.parseInt(v));
        case "messages" -> o.messages = Arrays.stream(v.split(",")).map(String::strip).map(Integer::parseInt).sorted().toList();
        case "logins" -> o.logins = atLeastOne(key, Integer.parseInt(v));
        case "seeders" -> o.seeders = atLeastOne(key, Integer.parseInt(v));
        case "profile" -> o.profile = Boolean.parseBoolean(v);
        case "results" -> o.results = Path.of(v);
        case "logs" -> o.logDir = Path.of(v);
        case "chart" -> o.chart = Path.of(v);
        default -> throw new IllegalArgumentException("unknown option --" + key);
      }
    }
    return o;
  }
}
