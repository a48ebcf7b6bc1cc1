package io.redwire;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.redwire.platform.Capability;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of the capability seam, checked on the compiled classes. */
class ArchitectureTest {

  static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.redwire");
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.redwire.(*)..").should().beFreeOfCycles().check(main);
  }

  @Test
  void onlyTheRedisPackageTouchesTheRedisClientsInternals() {
    noClasses().that().resideOutsideOfPackage("io.redwire.redis..")
        .should().dependOnClassesThat().resideInAPackage("io.vertx.redis.client.impl..")
        .check(main);
  }

  @Test
  void servicesNeverSpeakHttp() {
    noClasses().that().haveSimpleNameEndingWith("Service").or().haveSimpleNameEndingWith("Locks")
        .should().dependOnClassesThat().resideInAnyPackage("io.redwire.http..", "io.vertx.ext.web..",
            "io.vertx.core.http..")
        .check(main);
  }

  @Test
  void theHttpLayerKnowsNoCapability() {
    // a whitelist, so a new capability package is covered without editing this test
    noClasses().that().resideInAPackage("io.redwire.http..")
        .should().dependOnClassesThat(resideInAPackage("io.redwire..").and(not(resideInAnyPackage(
            "io.redwire.http..", "io.redwire.config..", "io.redwire.domain..", "io.redwire.redis.."))))
        .check(main);
  }

  @Test
  void domainExceptionsDependOnNothingOfOurs() {
    noClasses().that().resideInAPackage("io.redwire.domain..")
        .should().dependOnClassesThat().resideInAPackage("io.redwire..")
        .andShould().dependOnClassesThat().resideOutsideOfPackages("io.redwire.domain..", "java..")
        .check(main);
  }

  @Test
  void eachCapabilityLivesInItsOwnPackage() {
    classes().that().implement(Capability.class)
        .should().haveSimpleNameEndingWith("Capability")
        .andShould().resideOutsideOfPackages("io.redwire.platform..", "io.redwire.http..", "io.redwire.redis..")
        .check(main);
  }
}
