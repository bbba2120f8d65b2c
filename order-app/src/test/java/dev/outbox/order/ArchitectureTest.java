package dev.outbox.order;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The boundaries of order-app, checked on its compiled classes. */
@AnalyzeClasses(packages = "dev.outbox", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule domain_imports_neither_jooq_nor_http =
      noClasses()
          .that()
          .resideInAPackage("dev.outbox.order.domain..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.jooq..",
              "com.sun.net.httpserver..",
              "java.net.http..",
              "dev.outbox.order.store..",
              "dev.outbox.order.api..",
              "dev.outbox.client..",
              "dev.outbox.service..",
              "java.sql..",
              "javax.sql..");

  @ArchTest
  static final ArchRule order_app_never_depends_on_customer_app =
      noClasses()
          .that()
          .resideInAPackage("dev.outbox.order..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.outbox.customer..");

  @ArchTest
  static final ArchRule events_are_plain_records_of_the_contract =
      noClasses()
          .that()
          .resideInAPackage("dev.outbox.order.events..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.outbox.order.domain..",
              "dev.outbox.order.store..",
              "dev.outbox.order.api..",
              "dev.outbox.order.replica..",
              "org.jooq..");

  @ArchTest
  static final ArchRule only_the_api_knows_http =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.outbox.order.api..")
          .and()
          .resideInAPackage("dev.outbox.order..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.sun.net.httpserver..");

  @ArchTest
  static final ArchRule the_api_does_not_touch_the_database =
      noClasses()
          .that()
          .resideInAPackage("dev.outbox.order.api..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.jooq..",
              "dev.outbox.order.store..",
              "java.sql..",
              "javax.sql..",
              "com.zaxxer..",
              "dev.outbox.service.db..");

  @ArchTest
  static final ArchRule http_plumbing_is_used_only_by_the_api_and_the_wiring =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.outbox.order.domain..",
              "dev.outbox.order.events..",
              "dev.outbox.order.store..",
              "dev.outbox.order.replica..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.outbox.service.http..", "dev.outbox.service.deadletter..");
}
