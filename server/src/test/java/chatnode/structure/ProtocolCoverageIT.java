package chatnode.structure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import chatnode.testing.ProtocolDoc;
import chatnode.testing.WireLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Run by failsafe after the whole suite: every frame, code and endpoint docs/protocol.md documents
 * crossed the wire in some test, as the shared clients recorded it ({@link WireLog}).
 */
class ProtocolCoverageIT {
  private static final ProtocolDoc DOC = ProtocolDoc.get();
  private static final Set<String> SEEN = new TreeSet<>();

  @BeforeAll
  static void readRecords() throws IOException {
    assertTrue(Files.isDirectory(WireLog.DIR), "no " + WireLog.DIR + ": run the whole suite first (mvn verify)");
    try (Stream<Path> files = Files.list(WireLog.DIR)) {
      for (Path file : files.toList()) {
        SEEN.addAll(Files.readAllLines(file));
      }
    }
    assertFalse(SEEN.isEmpty(), "nothing recorded in " + WireLog.DIR);
  }

  @Test
  @DisplayName("docs/protocol.md parses to no fewer items than version 1 has: a change of its format cannot empty this check")
  void docParses() {
    // Version 1 may only grow (see the doc's opening), so today's counts are floors.
    Map<String, Integer> floors = Map.of("client frames", 9, "node frames", 14, "error codes", 7, "close codes", 8,
        "upgrade refusals", 3, "HTTP errors", 8, "endpoints", 25);
    Map<String, Set<String>> parsed = Map.of("client frames", DOC.clientFrames, "node frames", DOC.nodeFrames,
        "error codes", DOC.errorCodes, "close codes", DOC.closeCodes, "upgrade refusals", DOC.upgradeRefusals,
        "HTTP errors", DOC.restErrors, "endpoints", DOC.endpoints);
    List<String> thin = new ArrayList<>();
    floors.forEach((what, floor) -> {
      if (parsed.get(what).size() < floor) {
        thin.add(what + ": " + parsed.get(what).size() + " < " + floor + " " + parsed.get(what));
      }
    });
    assertEquals(List.of(), thin, "fewer items parsed from " + ProtocolDoc.FILE + " than version 1 documents");
  }

  @Test
  @DisplayName("every frame, code and endpoint of docs/protocol.md was sent or received by a test")
  void everythingDocumentedWasExercised() {
    List<String> missing = new ArrayList<>();
    DOC.clientFrames.forEach(t -> expect(missing, "client-frame " + t));
    DOC.nodeFrames.forEach(t -> expect(missing, "node-frame " + t));
    DOC.errorCodes.forEach(c -> expect(missing, "error " + c));
    DOC.closeCodes.forEach(c -> expect(missing, "close " + c));
    DOC.upgradeRefusals.forEach(s -> expect(missing, "upgrade " + s));
    DOC.restErrors.forEach(e -> expect(missing, "rest-error " + e));
    for (String endpoint : DOC.endpoints) {
      // Exercised means answered successfully at least once, not merely refused.
      if (SEEN.stream().noneMatch(s -> s.matches("endpoint " + Pattern.quote(endpoint) + " (2\\d\\d|101)"))) {
        missing.add("endpoint " + endpoint + " 2xx");
      }
    }
    assertEquals(List.of(), missing, "documented in " + ProtocolDoc.FILE + " but no test sent or received it");
  }

  @Test
  @DisplayName("the node sent no frame type, error, close or refusal code, and answered no /api/ path, that docs/protocol.md leaves out")
  void nothingUndocumentedWasSent() {
    List<String> undocumented = new ArrayList<>();
    for (String item : SEEN) {
      String kind = item.substring(0, item.indexOf(' '));
      String what = item.substring(kind.length() + 1);
      boolean listed = switch (kind) {
        case "node-frame" -> DOC.nodeFrames.contains(what);
        case "error" -> DOC.errorCodes.contains(what);
        case "close" -> DOC.closeCodes.contains(what);
        case "upgrade" -> DOC.upgradeRefusals.contains(what);
        case "rest-error" -> DOC.restErrors.contains(what);
        case "endpoint" -> !what.matches("\\S+ unlisted:/api/\\S* 2\\d\\d");
        default -> true;
      };
      if (!listed) {
        undocumented.add(item);
      }
    }
    assertEquals(List.of(), undocumented, "seen on the wire but not documented in " + ProtocolDoc.FILE);
  }

  private static void expect(List<String> missing, String item) {
    if (!SEEN.contains(item)) {
      missing.add(item);
    }
  }
}
