package chatbench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The peer servers the node is measured against: the bare Vert.x server ({@link BareServer}), a
 * Node.js {@code ws} broadcaster and Bun's built-in pub/sub broadcaster. The two JS ones live in
 * bench/peers with their pinned packages, installed there by {@code npm ci} on first use; a peer
 * that cannot be installed or run here is left out of a run, which says why.
 */
final class PeerServers {
  static final List<String> ALL = List.of("bare", "ws", "bun");
  private static final long INSTALL_TIMEOUT_MINUTES = 5;
  /** Why a JS peer installed without error still does not run. */
  private static final Map<String, String> DOES_NOT_RUN = Map.of(
      "ws", "node --version printed no version, or node_modules/ws is missing: the ws peer needs Node 20",
      "bun", "node_modules/.bin/bun --version printed no version: the bun package's postinstall (which puts Bun's binary there)"
          + " did not run, or the binary does not run on this machine");

  private PeerServers() {}

  /** The peers of a run that can run here, what each one is (its version), and why the others cannot. */
  record Available(List<String> peers, Map<String, String> versions, Map<String, String> unavailable) {
    JsonObject json() {
      return new JsonObject().put("peerVersions", new JsonObject(new LinkedHashMap<>(versions)))
          .put("unavailable", new JsonObject(new LinkedHashMap<>(unavailable)));
    }
  }

  /** Of {@code --peers}, those that run here, installing the JS ones first if their packages are not there yet. */
  static Available available(Options o) {
    Map<String, String> versions = new LinkedHashMap<>();
    Map<String, String> unavailable = new LinkedHashMap<>();
    String installFailure = o.peers.stream().anyMatch(p -> !p.equals("bare")) ? install(o) : null;
    for (String peer : o.peers) {
      String version = switch (peer) {
        case "bare" -> "Vert.x " + vertxVersion() + " on Java " + System.getProperty("java.version");
        case "ws" -> installFailure != null ? null : wsVersion(o);
        default -> installFailure != null ? null : versionOf(bun(o).toString(), "Bun ");
      };
      if (version == null) {
        unavailable.put(peer, installFailure != null ? installFailure : DOES_NOT_RUN.get(peer));
      } else {
        versions.put(peer, version);
      }
    }
    unavailable.forEach((peer, why) -> Bench.progress("NOT MEASURED: " + peer + ": " + why + "; measuring the rest"));
    List<String> peers = new ArrayList<>(o.peers);
    peers.removeAll(unavailable.keySet());
    return new Available(List.copyOf(peers), versions, unavailable);
  }

  /** Starts the JS peer {@code peer} (ws or bun) on {@code port}, its output in {@code log}. */
  static Process start(Options o, String peer, int port, Path log) {
    String script = o.peersDir.resolve(peer + "-server.js").toString();
    String runtime = peer.equals("bun") ? bun(o).toString() : "node";
    return Proc.start(List.of(runtime, script, Integer.toString(port)), log);
  }

  /**
   * Runs {@code npm ci} in the peers' directory unless its installed packages are newer than its
   * lock file; null when they are there, else why not.
   */
  private static String install(Options o) {
    Path lock = o.peersDir.resolve("package-lock.json");
    Path installed = o.peersDir.resolve("node_modules/.package-lock.json");
    if (!Files.isRegularFile(lock)) {
      return "no " + lock + " (--peers-dir names the directory of the peers' package.json)";
    }
    try {
      if (Files.exists(installed) && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
        return null;
      }
    } catch (IOException e) {
      return "no " + lock + " (--peers-dir names the directory of the peers' package.json)";
    }
    Path log = o.logDir.resolve("npm-ci.log");
    Bench.progress("installing the peers' packages: npm ci --prefix " + o.peersDir + " (log: " + log + ")");
    try {
      Process npm = Proc.start(List.of("npm", "ci", "--prefix", o.peersDir.toString(), "--no-audit", "--no-fund"), log);
      if (!npm.waitFor(INSTALL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        Proc.stop(npm);
        return "npm ci did not finish in " + INSTALL_TIMEOUT_MINUTES + " minutes; see " + log;
      }
      return npm.exitValue() == 0 ? null : "npm ci failed (exit " + npm.exitValue() + "); see " + log;
    } catch (IllegalStateException e) {
      return "npm does not start (" + e.getMessage() + "): the JS peers need Node 20 and npm";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while installing";
    }
  }

  /** "ws 8.23.1 on Node v20...", or null if Node or the package is missing. */
  private static String wsVersion(Options o) {
    String node = versionOf("node", "Node ");
    try {
      String ws = new JsonObject(Files.readString(o.peersDir.resolve("node_modules/ws/package.json"))).getString("version");
      return node == null ? null : "ws " + ws + " on " + node;
    } catch (IOException e) {
      return null;
    }
  }

  /** What {@code command --version} says, after {@code prefix}, if it looks like a version (a binary that runs). */
  private static String versionOf(String command, String prefix) {
    String out = Proc.run(command, "--version").strip();
    return out.matches("v?\\d+\\.\\d+\\.\\d+\\S*") ? prefix + out : null;
  }

  private static String vertxVersion() {
    try (var in = PeerServers.class.getResourceAsStream("/META-INF/vertx/vertx-version.txt")) {
      return in == null ? "?" : new String(in.readAllBytes()).strip();
    } catch (IOException e) {
      return "?";
    }
  }

  /** The Bun binary the npm package {@code bun} installed (its postinstall puts the platform's binary there). */
  private static Path bun(Options o) {
    return o.peersDir.resolve("node_modules/.bin/bun").toAbsolutePath();
  }
}
