package dev.quickhub;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The launcher's packages as layers: no package imports one that imports it back, and only the
 * command line knows picocli. Every module's classes are on this module's test class path. Run it
 * alone with {@code mvn test -pl quickhub-cli -am -Dtest=LayersTest
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class LayersTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.quickhub");

  /** dev.quickhub itself (the facade) is a slice too, as each package below it is. */
  private static final SliceAssignment FIRST_PACKAGE =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
          String name = javaClass.getPackageName();
          if (!name.startsWith("dev.quickhub")) {
            return SliceIdentifier.ignore();
          }
          String[] parts = name.split("\\.");
          return SliceIdentifier.of(parts.length > 2 ? parts[2] : "(facade)");
        }

        @Override
        public String getDescription() {
          return "dev.quickhub and each package directly below it";
        }
      };

  @Test
  void noPackageImportsOneThatImportsItBack() {
    slices().assignedFrom(FIRST_PACKAGE).should().beFreeOfCycles().check(MAIN);
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
