package dev.quickhub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The launcher's packages as layers: no package imports one that imports it back, and only the
 * command line knows picocli. Run it alone with {@code mvn test -Dtest=LayersTest}.
 */
class LayersTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.quickhub");

  @Test
  void noPackageImportsOneThatImportsItBack() {
    slices().matching("dev.quickhub.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void onlyTheCommandLineKnowsPicocli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.quickhub.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("picocli..")
        .check(MAIN);
  }
}
