package chatbench;

/**
 * {@code java -jar chat-bench.jar SCENARIO [--option value ...]}: starts what the scenario needs
 * (nodes, the peer servers) as processes of their own, loads them from this process (and helper
 * processes when one process's file limit is not enough), prints a progress line and a table, and
 * appends one JSON line per run to the results file. The scenarios are in {@link FanoutScenarios},
 * {@link DmScenario}, {@link ConnectScenario}, {@link WelcomeScenario} and {@link SearchScenario}.
 */
public final class Bench {

  private Bench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: chat-bench (fanout|builds|private|ramp|dm|cluster|hotroom|reconnect|soak|connect|welcome|search|smoke) [--option value ...]");
      System.exit(2);
    }
    Options o = Options.parse(args, 1);
    switch (args[0]) {
      case "fanout" -> FanoutScenarios.fanout(o);
      case "builds" -> FanoutScenarios.builds(o);
      case "private" -> FanoutScenarios.privateRoom(o);
      case "ramp" -> FanoutScenarios.ramp(o);
      case "dm" -> DmScenario.dm(o);
      case "cluster" -> FanoutScenarios.cluster(o);
      case "hotroom" -> FanoutScenarios.hotRoom(o);
      case "reconnect" -> ReconnectScenario.reconnect(o);
      case "soak" -> FanoutScenarios.soak(o);
      case "connect" -> ConnectScenario.connect(o);
      case "hold" -> ConnectScenario.hold(o);
      case "welcome" -> WelcomeScenario.welcome(o);
      case "search" -> SearchScenario.search(o);
      case "smoke" -> System.exit(Smoke.run(o).getBoolean("passed") ? 0 : 1);
      default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
    }
    System.exit(0);
  }

  static void progress(String line) {
    System.out.println(line);
  }
}
