package dev.outbox.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One setting, declared once: its environment variable, whether it is required, has a default or
 * may be absent, a one-line meaning, how its text is parsed and what a valid value is. Everything
 * else (reading, the effective-configuration log line, the README table) is derived from this.
 *
 * <pre>{@code
 * static final Setting<Integer> MAX_BATCH_SIZE =
 *     Setting.integer("RELAY_MAX_BATCH_SIZE", 1, 1_000_000, "changes handed over per batch")
 *         .defaultsTo("2048");
 * }</pre>
 *
 * <p>A setting is immutable; each {@code with}-style method returns a copy.
 *
 * @param <T> the parsed value
 */
public final class Setting<T> {

  /** How a setting behaves when its variable is not set (or blank). */
  public enum Presence {
    /** Reading fails naming it. */
    REQUIRED,
    /** Its declared default applies. */
    DEFAULTED,
    /** It is absent: {@link Settings#find} is empty. */
    OPTIONAL
  }

  private final String name;
  private final String meaning;
  private final Function<String, T> parser;
  private final Function<T, String> shown;
  private final List<Check<T>> checks;
  private final Presence presence;
  private final String defaultText;
  private final boolean secret;

  private record Check<T>(Predicate<T> holds, String requirement) {}

  private Setting(
      String name,
      String meaning,
      Function<String, T> parser,
      Function<T, String> shown,
      List<Check<T>> checks,
      Presence presence,
      String defaultText,
      boolean secret) {
    this.name = name;
    this.meaning = meaning;
    this.parser = parser;
    this.shown = shown;
    this.checks = List.copyOf(checks);
    this.presence = presence;
    this.defaultText = defaultText;
    this.secret = secret;
  }

  /**
   * A setting parsed by {@code parser}, which throws {@link IllegalArgumentException} with what the
   * value must be ("must be a whole number") when the text is not one.
   */
  public static <T> Setting<T> of(String name, String meaning, Function<String, T> parser) {
    requireName(name);
    Objects.requireNonNull(meaning, "meaning");
    Objects.requireNonNull(parser, "parser");
    if (meaning.isBlank() || meaning.contains("\n") || meaning.contains("|")) {
      throw new IllegalArgumentException(
          name + ": the meaning must be one line without '|' (it becomes a README table cell)");
    }
    return new Setting<>(
        name, meaning, parser, String::valueOf, List.of(), Presence.REQUIRED, null, false);
  }

  /** Text, trimmed. */
  public static Setting<String> text(String name, String meaning) {
    return of(name, meaning, Function.identity());
  }

  /**
   * A secret (a password, a token): never trimmed, never shown in a message or a log line, only as
   * {@code <masked>}.
   */
  public static Setting<String> secret(String name, String meaning) {
    Setting<String> s = of(name, meaning, Function.identity());
    return new Setting<>(
        s.name, s.meaning, s.parser, v -> Secrets.MASK, s.checks, s.presence, null, true);
  }

  /** A whole number between {@code min} and {@code max}. */
  public static Setting<Integer> integer(String name, int min, int max, String meaning) {
    return of(name, meaning, Parsers::integer)
        .check(
            v -> v >= min && v <= max,
            max == Integer.MAX_VALUE
                ? "must be at least " + min
                : "must be between " + min + " and " + max);
  }

  /** A TCP port, 0 meaning any free one. */
  public static Setting<Integer> port(String name, String meaning) {
    return integer(name, 0, 65535, meaning);
  }

  /** A duration: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, {@code 7d} or ISO-8601. */
  public static Setting<Duration> duration(String name, String meaning) {
    return of(name, meaning, Parsers::duration).shownAs(Parsers::formatDuration);
  }

  /** A duration of more than zero. */
  public static Setting<Duration> positiveDuration(String name, String meaning) {
    return duration(name, meaning)
        .check(d -> !d.isNegative() && !d.isZero(), "must be more than zero");
  }

  /** One of an enum's constants, written in lower case with {@code -} for {@code _}. */
  public static <E extends Enum<E>> Setting<E> choice(String name, Class<E> type, String meaning) {
    return of(name, meaning, text -> Parsers.choice(text, type)).shownAs(Parsers::choiceName);
  }

  /** {@code true} or {@code false}. */
  public static Setting<Boolean> flag(String name, String meaning) {
    return of(name, meaning, Parsers::flag);
  }

  /** A PostgreSQL JDBC URL; shown with any password in it masked. */
  public static Setting<JdbcUrl> jdbcUrl(String name, String meaning) {
    return of(name, meaning, JdbcUrl::parse).shownAs(JdbcUrl::toString);
  }

  /** A list of {@code host:port}, comma-separated (Kafka's bootstrap servers). */
  public static Setting<String> hostPorts(String name, String meaning) {
    return of(name, meaning, Parsers::hostPorts);
  }

  /** Must be set: reading fails naming it when it is not. */
  public Setting<T> required() {
    return with(Presence.REQUIRED, null);
  }

  /**
   * Applies {@code text} when unset. The default is parsed and checked now, so that a wrong default
   * fails where it is declared.
   */
  public Setting<T> defaultsTo(String text) {
    Objects.requireNonNull(text, "text");
    Setting<T> s = with(Presence.DEFAULTED, text);
    String problem = s.problem(text);
    if (problem != null) {
      throw new IllegalArgumentException("the default of " + problem);
    }
    return s;
  }

  /**
   * May be absent; {@code whenAbsent} says in the docs what happens then, e.g. {@code "the database
   * name"}.
   */
  public Setting<T> optional(String whenAbsent) {
    return with(Presence.OPTIONAL, Objects.requireNonNull(whenAbsent, "whenAbsent"));
  }

  /** Adds a condition a parsed value must meet; {@code requirement} reads "must be ...". */
  public Setting<T> check(Predicate<T> holds, String requirement) {
    List<Check<T>> all = new ArrayList<>(checks);
    all.add(new Check<>(holds, requirement));
    return new Setting<>(name, meaning, parser, shown, all, presence, defaultText, secret);
  }

  /** How a value is written in the effective-configuration line. */
  public Setting<T> shownAs(Function<T, String> show) {
    return new Setting<>(
        name,
        meaning,
        parser,
        secret ? v -> Secrets.MASK : show,
        checks,
        presence,
        defaultText,
        secret);
  }

  private Setting<T> with(Presence p, String text) {
    return new Setting<>(name, meaning, parser, shown, checks, p, text, secret);
  }

  /** The environment variable. */
  public String name() {
    return name;
  }

  /** The one-line meaning, as the README shows it. */
  public String meaning() {
    return meaning;
  }

  public Presence presence() {
    return presence;
  }

  /** The default's text, or for an optional setting what happens when it is absent; else null. */
  public String defaultText() {
    return defaultText;
  }

  public boolean isSecret() {
    return secret;
  }

  /**
   * Parses and checks a value.
   *
   * @throws IllegalArgumentException whose message starts with the variable's name, and shows the
   *     value unless it is a secret
   */
  public T parse(String text) {
    String problem = problem(text);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return parser.apply(secret ? text : text.trim());
  }

  /** How {@code value} appears in a log line: masked when secret. */
  public String show(T value) {
    return value == null ? "" : shown.apply(value);
  }

  /** The problem with {@code text}, a sentence naming the variable; null when it is valid. */
  String problem(String text) {
    String value = secret ? text : text.trim();
    String was = secret ? " (the value is not shown)" : ", was '" + value + "'";
    T parsed;
    try {
      parsed = parser.apply(value);
    } catch (IllegalArgumentException e) {
      return name + " " + e.getMessage() + was;
    }
    for (Check<T> check : checks) {
      if (!check.holds().test(parsed)) {
        return name + " " + check.requirement() + was;
      }
    }
    return null;
  }

  private static void requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (!name.matches("[A-Z][A-Z0-9_]*") || !name.equals(name.toUpperCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "a setting's name is an environment variable in upper case, was '" + name + "'");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
