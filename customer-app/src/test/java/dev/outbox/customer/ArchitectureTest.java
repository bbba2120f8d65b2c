package dev.outbox.customer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The boundaries of customer-app, checked on its compiled classes. */
@AnalyzeClasses(packages = "dev.outbox", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule domain_imports_neither_jooq_nor_http =
      noClasses()
          .that()
          .resideInAPackage("dev.outbox.customer.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.jooq..",
              "com.sun.net.httpserver..",
              "java.net.http..",
              "dev.outbox.customer.store..",
              "dev.outbox.customer.api..",
              "dev.outbox.client..",
              "dev.outbox.service..",
              "java.sql..",
              "javax.sql..");

  @ArchTest
  static final ArchRule customer_app_never_depends_on_order_app =
      noClasses()
          .that()
          .resideInAPackage("dev.outbox.customer..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.outbox.order..");

  @ArchTest
  static final ArchRule events_are_plain_records_of_the_contract =
      noClasses()
          .that()
          .resideInAPackage("dev.outbox.customer.events..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.outbox.customer.domain..",
              "dev.outbox.customer.store..",
              "dev.outbox.customer.api..",
              "dev.outbox.customer.credit..",
              "org.jooq..");

  @ArchTest
  static final ArchRule only_the_api_knows_http =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.outbox.customer.api..")
          .and()
          .resideInAPackage("dev.outbox.customer..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.sun.net.httpserver..");

  @ArchTest
  static final ArchRule the_api_does_not_touch_the_database =
      noClasses()
          .that()
          .resideInAPackage("dev.outbox.customer.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.jooq..",
              "dev.outbox.customer.store..",
              "java.sql..",
              "javax.sql..",
              "com.zaxxer..",
              "dev.outbox.service.db..");

  @ArchTest
  static final ArchRule http_plumbing_is_used_only_by_the_api_and_the_wiring =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.outbox.customer.domain..",
              "dev.outbox.customer.events..",
              "dev.outbox.customer.store..",
              "dev.outbox.customer.credit..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.outbox.service.http..", "dev.outbox.service.deadletter..");
}
