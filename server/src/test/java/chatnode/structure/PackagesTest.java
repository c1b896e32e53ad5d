package chatnode.structure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The node's packages, one per capability, depend on each other without a cycle. */
class PackagesTest {

  @Test
  @DisplayName("no package of the node depends on another that depends back on it, however indirectly")
  void noCycles() {
    JavaClasses node = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests()).importPackages("chatnode");
    slices().matching("chatnode.(*)..").should().beFreeOfCycles().check(node);
  }

  @Test
  @DisplayName("the foundations stand alone: protocol, config and store use no other package of the node; the bus contract only those")
  void foundations() {
    JavaClasses node = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests()).importPackages("chatnode");
    for (String leaf : new String[] {"protocol", "config", "store"}) {
      noClasses().that().resideInAPackage("chatnode." + leaf + "..").should().dependOnClassesThat()
          .resideInAnyPackage(otherThan(node, leaf)).check(node);
    }
    noClasses().that().resideInAPackage("chatnode.bus..").should().dependOnClassesThat()
        .resideInAnyPackage(otherThan(node, "bus", "protocol", "store")).check(node);
  }

  /** Every package of the node but {@code allowed} (and the root package, which wires them). */
  private static String[] otherThan(JavaClasses node, String... allowed) {
    Set<String> packages = new TreeSet<>();
    node.forEach(c -> {
      String[] parts = c.getPackageName().split("\\.");
      if (parts.length > 1) {
        packages.add(parts[1]);
      }
    });
    packages.removeAll(List.of(allowed));
    return packages.stream().map(p -> "chatnode." + p + "..").toArray(String[]::new);
  }

  @Test
  @DisplayName("the README's table of packages lists exactly the node's packages")
  void readmeListsThePackages() throws Exception {
    JavaClasses node = new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests()).importPackages("chatnode");
    Set<String> packages = new TreeSet<>(List.of("chatnode"));
    for (String p : otherThan(node)) {
      packages.add(p.substring(0, p.length() - 2).substring("chatnode.".length()));
    }
    Set<String> listed = new TreeSet<>();
    String readme = Files.readString(Path.of("..", "README.md"));
    String table = readme.substring(readme.indexOf("| package | what it is for |"));
    Matcher row = Pattern.compile("(?m)^\\| `([a-z]+)` \\| ").matcher(table.substring(0, table.indexOf("\n\n")));
    while (row.find()) {
      listed.add(row.group(1));
    }
    assertEquals(packages, listed);
  }
}
