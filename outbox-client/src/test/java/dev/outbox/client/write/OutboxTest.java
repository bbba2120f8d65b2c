package dev.outbox.client.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.support.ThingEvent;
import dev.outbox.client.support.ThingEvent.ThingCreated;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.tools.jdbc.MockConnection;
import org.jooq.tools.jdbc.MockResult;
import org.junit.jupiter.api.Test;

class OutboxTest {

  private static final String PACKAGE = Outbox.class.getPackageName();
  private static final List<Class<?>> DATABASE_HANDLES =
      List.of(
          DSLContext.class,
          org.jooq.Configuration.class,
          java.sql.Connection.class,
          javax.sql.DataSource.class);

  @Test
  void needs_at_least_one_catalog() {
    assertThatThrownBy(() -> Outbox.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("register at least one EventCatalog");
  }

  @Test
  void rejects_an_aggregate_type_registered_twice() {
    var builder =
        Outbox.builder()
            .register(EventCatalog.of("thing", ThingEvent.class))
            .register(EventCatalog.of("thing", ThingEvent.class));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'thing' is registered twice");
  }

  /**
   * The write package's whole public surface, read by reflection: the one thing that appends is
   * {@link OutboxTransaction}, nothing public creates, returns or stores one, and the only public
   * way to be handed one is a callback of {@link Outbox#transaction} or {@link
   * Outbox#transactionResult}. A new public append path anywhere in the package breaks one of
   * these.
   */
  @Test
  void offers_no_way_to_append_but_the_transaction_handle_it_creates() throws Exception {
    List<Class<?>> types = publicTypesOfThePackage();
    assertThat(types).contains(Outbox.class, OutboxTransaction.class, OutboxWork.class);

    // What appends: a public method that returns an appended event or is named like it.
    assertThat(
            publicMethods(types).stream()
                .filter(
                    m ->
                        mentions(m.getGenericReturnType(), AppendedEvent.class)
                            || m.getName().toLowerCase(java.util.Locale.ROOT).contains("append"))
                .map(OutboxTest::name))
        .containsExactly("OutboxTransaction.append");

    // Writing needs a database; only the two transaction methods take one.
    assertThat(
            publicMembers(types).stream()
                .filter(
                    m ->
                        typesOf(m).stream()
                            .skip(m instanceof Method ? 1 : 0) // parameters, not the result
                            .anyMatch(
                                t ->
                                    DATABASE_HANDLES.stream()
                                        .anyMatch(handle -> mentions(t, handle))))
                .map(OutboxTest::name))
        .containsExactlyInAnyOrder("Outbox.transaction", "Outbox.transactionResult");

    // The handle cannot be made or extended outside the package...
    assertThat(Modifier.isFinal(OutboxTransaction.class.getModifiers())).isTrue();
    for (Constructor<?> constructor : OutboxTransaction.class.getDeclaredConstructors()) {
      assertThat(
              Modifier.isPublic(constructor.getModifiers())
                  || Modifier.isProtected(constructor.getModifiers()))
          .as("constructor %s", constructor)
          .isFalse();
    }
    // ...nothing public returns or holds one...
    assertThat(
            publicMethods(types).stream()
                .filter(m -> mentions(m.getGenericReturnType(), OutboxTransaction.class))
                .map(OutboxTest::name))
        .isEmpty();
    assertThat(
            publicFields(types).stream()
                .filter(f -> mentions(f.getGenericType(), OutboxTransaction.class))
                .map(OutboxTest::name))
        .isEmpty();
    // ...it is handed only to the callbacks...
    assertThat(
            publicMethods(types).stream()
                .filter(m -> mentionsAny(m.getGenericParameterTypes(), OutboxTransaction.class))
                .map(OutboxTest::name))
        .containsExactlyInAnyOrder("OutboxWork.run", "OutboxCallable.run");
    // ...and the callbacks only to Outbox's two transaction methods.
    assertThat(
            publicMethods(types).stream()
                .filter(
                    m ->
                        mentionsAny(m.getGenericParameterTypes(), OutboxWork.class)
                            || mentionsAny(m.getGenericParameterTypes(), OutboxCallable.class))
                .map(OutboxTest::name))
        .containsExactlyInAnyOrder("Outbox.transaction", "Outbox.transactionResult");

    // No public member leaks the package's own workers (the writer that inserts the rows).
    for (Member member : publicMembers(types)) {
      for (Type type : typesOf(member)) {
        for (Class<?> hidden : nonPublicTypesOfThePackage()) {
          assertThat(mentions(type, hidden)).as("%s exposes %s", name(member), hidden).isFalse();
        }
      }
    }
  }

  @Test
  void a_handle_used_after_its_transaction_ended_refuses_to_append_and_writes_nothing() {
    List<String> statements = new CopyOnWriteArrayList<>();
    DSLContext dsl =
        DSL.using(
            new MockConnection(
                context -> {
                  statements.add(context.sql());
                  return new MockResult[] {new MockResult(1)};
                }),
            SQLDialect.POSTGRES);
    Outbox outbox = Outbox.builder().register(EventCatalog.of("thing", ThingEvent.class)).build();
    AtomicReference<OutboxTransaction> escaped = new AtomicReference<>();

    outbox.transaction(
        dsl,
        tx -> {
          escaped.set(tx);
          tx.append("a-1", 1, new ThingCreated("a-1", "inside"));
        });
    long insertsInside = statements.stream().filter(s -> s.contains("insert into")).count();

    assertThat(insertsInside).isEqualTo(1);
    assertThatThrownBy(() -> escaped.get().append("a-1", 2, new ThingCreated("a-1", "after")))
        .isInstanceOf(OutboxAppendException.class)
        .hasMessageContaining("callback has returned");
    assertThatThrownBy(() -> escaped.get().dsl())
        .isInstanceOf(OutboxAppendException.class)
        .hasMessageContaining("callback has returned");
    assertThat(statements.stream().filter(s -> s.contains("insert into")).count())
        .isEqualTo(insertsInside);
  }

  private static List<Class<?>> typesOfThePackage() throws IOException, URISyntaxException {
    Path root = Path.of(Outbox.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path folder = root.resolve(PACKAGE.replace('.', '/'));
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String simple = file.getFileName().toString().replace(".class", "");
        if (simple.equals("package-info")) {
          continue;
        }
        try {
          types.add(Class.forName(PACKAGE + "." + simple));
        } catch (ClassNotFoundException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return types;
  }

  /** Public top-level and nested types, e.g. Outbox.Builder. */
  private static List<Class<?>> publicTypesOfThePackage() throws Exception {
    return typesOfThePackage().stream().filter(OutboxTest::reachable).toList();
  }

  private static List<Class<?>> nonPublicTypesOfThePackage() {
    try {
      return typesOfThePackage().stream().filter(t -> !reachable(t)).toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean reachable(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers())) {
        return false;
      }
    }
    return !type.isAnonymousClass() && !type.isSynthetic();
  }

  private static List<Method> publicMethods(List<Class<?>> types) {
    return types.stream()
        .flatMap(t -> Arrays.stream(t.getMethods()))
        .filter(m -> m.getDeclaringClass().getPackageName().equals(PACKAGE))
        .filter(m -> !m.isSynthetic() && !m.isBridge())
        .distinct()
        .toList();
  }

  private static List<Field> publicFields(List<Class<?>> types) {
    return types.stream().flatMap(t -> Arrays.stream(t.getFields())).distinct().toList();
  }

  private static List<Member> publicMembers(List<Class<?>> types) {
    List<Member> members = new ArrayList<>(publicMethods(types));
    members.addAll(publicFields(types));
    for (Class<?> type : types) {
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        if (Modifier.isPublic(constructor.getModifiers())
            || Modifier.isProtected(constructor.getModifiers())) {
          members.add(constructor);
        }
      }
    }
    return members;
  }

  private static List<Type> typesOf(Member member) {
    List<Type> types = new ArrayList<>();
    if (member instanceof Method method) {
      types.add(method.getGenericReturnType());
      types.addAll(Arrays.asList(method.getGenericParameterTypes()));
    } else if (member instanceof Constructor<?> constructor) {
      types.addAll(Arrays.asList(constructor.getGenericParameterTypes()));
    } else if (member instanceof Field field) {
      types.add(field.getGenericType());
    }
    return types;
  }

  /** Whether a (generic) type is or mentions {@code type}: {@code List<OutboxTransaction>}... */
  private static boolean mentions(Type generic, Class<?> type) {
    if (generic == type) {
      return true;
    }
    String name = generic.getTypeName();
    return Set.of(name.split("[<>,\\s\\[\\]?]+")).contains(type.getName());
  }

  private static boolean mentionsAny(Type[] generics, Class<?> type) {
    return Arrays.stream(generics).anyMatch(g -> mentions(g, type));
  }

  private static String name(Member member) {
    return member.getDeclaringClass().getSimpleName() + "." + member.getName();
  }
}
