package chatnode.structure;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
}
