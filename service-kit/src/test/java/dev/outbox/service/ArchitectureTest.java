package dev.outbox.service;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** service-kit is shared by the apps, so it must know none of them; checked on its classes. */
@AnalyzeClasses(
    packages = "dev.outbox.service",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule service_kit_never_depends_on_an_app =
      noClasses()
          .that()
          .resideInAPackage("dev.outbox.service..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.outbox.customer..", "dev.outbox.order..");

  @ArchTest
  static final ArchRule the_http_plumbing_does_not_touch_the_database =
      noClasses()
          .that()
          .resideInAPackage("dev.outbox.service.http..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.jooq..",
              "java.sql..",
              "javax.sql..",
              "com.zaxxer..",
              "dev.outbox.service.db..",
              "dev.outbox.service.deadletter..");

  @ArchTest
  static final ArchRule configuration_knows_nothing_of_http =
      noClasses()
          .that()
          .resideInAPackage("dev.outbox.service.config..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.sun.net.httpserver..", "dev.outbox.service.http..", "com.zaxxer..");
}
