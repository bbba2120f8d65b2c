package dev.outbox.service;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;

/** The boundaries of service-kit, checked on its classes. */
@AnalyzeClasses(
    packages = "dev.outbox.service",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final List<String> PERSISTENCE = List.of("org.jooq.", "com.zaxxer.");

  /**
   * The apps reach their database through a plain {@code javax.sql.DataSource}: which pool and
   * which query library service-kit uses stays its own business, so that neither leaks into an
   * app's wiring.
   */
  @ArchTest
  static final ArchRule the_public_api_exposes_no_jooq_or_hikari_type =
      codeUnits()
          .that()
          .arePublic()
          .and()
          .areDeclaredInClassesThat()
          .arePublic()
          .should(notMention("a jOOQ or HikariCP type"))
          .allowEmptyShould(false);

  @ArchTest
  static final ArchRule no_public_field_has_a_jooq_or_hikari_type =
      fields()
          .that()
          .arePublic()
          .should(
              new ArchCondition<JavaField>("not have a jOOQ or HikariCP type") {
                @Override
                public void check(JavaField field, ConditionEvents events) {
                  if (isPersistence(field.getRawType())) {
                    events.add(SimpleConditionEvent.violated(field, field.getFullName()));
                  }
                }
              })
          .allowEmptyShould(true);

  /** Only the http package talks to the JDK's server, so only it turns exceptions into statuses. */
  @ArchTest
  static final ArchRule only_http_touches_the_jdk_server =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.outbox.service.http..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.sun.net.httpserver..");

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
              "dev.outbox.service.deadletter..",
              "dev.outbox.service.runtime..");

  @ArchTest
  static final ArchRule configuration_knows_nothing_of_http =
      noClasses()
          .that()
          .resideInAPackage("dev.outbox.service.config..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.sun.net.httpserver..", "dev.outbox.service.http..", "com.zaxxer..");

  private static ArchCondition<JavaCodeUnit> notMention(String what) {
    return new ArchCondition<>("not take or return " + what) {
      @Override
      public void check(JavaCodeUnit unit, ConditionEvents events) {
        if (unit.getModifiers().contains(JavaModifier.SYNTHETIC)) {
          return;
        }
        List<JavaClass> types = new ArrayList<>(unit.getRawParameterTypes());
        types.add(unit.getRawReturnType());
        for (JavaClass type : types) {
          if (isPersistence(type)) {
            events.add(
                SimpleConditionEvent.violated(
                    unit, unit.getFullName() + " exposes " + type.getName()));
          }
        }
      }
    };
  }

  private static boolean isPersistence(JavaClass type) {
    return PERSISTENCE.stream().anyMatch(type.getName()::startsWith);
  }
}
