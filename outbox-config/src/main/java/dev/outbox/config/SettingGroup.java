package dev.outbox.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Every setting of one component (the relay, an app, the CLI) and the variable prefixes it owns.
 * Reading refuses any variable of an owned prefix that is not declared, naming the nearest known
 * one, and reports every problem at once.
 *
 * <pre>{@code
 * static final SettingGroup SETTINGS =
 *     SettingGroup.builder("outbox-relay", "RELAY_").add(DB_URL, DB_USER, DB_PASSWORD).build();
 * Settings settings = SETTINGS.read(System.getenv()); // ConfigException lists every problem
 * }</pre>
 */
public final class SettingGroup {

  private final String component;
  private final List<String> prefixes;
  private final List<String> foreignPrefixes;
  private final Map<String, Setting<?>> settings;
  private final List<Family> families;
  private final List<Rule> rules;

  private record Rule(String problem, Predicate<Settings> holds, List<Setting<?>> needs) {}

  private SettingGroup(Builder b) {
    this.component = b.component;
    this.prefixes = List.copyOf(b.prefixes);
    this.foreignPrefixes = List.copyOf(b.foreignPrefixes);
    this.settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.settings));
    this.families = List.copyOf(b.families);
    this.rules = List.copyOf(b.rules);
  }

  /**
   * @param component the component's name in messages, such as {@code outbox-relay}
   * @param prefix the prefix of its variables, such as {@code RELAY_}
   */
  public static Builder builder(String component, String prefix) {
    return new Builder(component).prefix(prefix);
  }

  public String component() {
    return component;
  }

  /** The declared settings, in declaration order. */
  public List<Setting<?>> settings() {
    return List.copyOf(settings.values());
  }

  public List<Family> families() {
    return families;
  }

  /** The prefixes this component owns. */
  public List<String> prefixes() {
    return prefixes;
  }

  /**
   * Reads every setting from {@code environment}.
   *
   * @throws ConfigException with every problem: unknown variables of an owned prefix (with the
   *     nearest known name), missing required settings, values that do not parse or fail a check
   */
  public Settings read(Map<String, String> environment) {
    List<String> problems = new ArrayList<>();
    for (String name : new TreeMap<>(environment).keySet()) {
      if (isUnknown(name)) {
        problems.add(
            name
                + " is not a setting of "
                + component
                + "; did you mean "
                + Nearest.of(name, knownNames())
                + "?");
      }
    }
    Map<Setting<?>, Object> values = new LinkedHashMap<>();
    Map<Setting<?>, Boolean> defaulted = new LinkedHashMap<>();
    List<Setting<?>> failed = new ArrayList<>();
    for (Setting<?> setting : settings.values()) {
      String raw = environment.get(setting.name());
      boolean unset = raw == null || raw.isBlank();
      if (unset && setting.presence() == Setting.Presence.REQUIRED) {
        problems.add(setting.name() + " is required but not set (" + setting.meaning() + ")");
        failed.add(setting);
        continue;
      }
      if (unset && setting.presence() == Setting.Presence.OPTIONAL) {
        continue;
      }
      String text = unset ? setting.defaultText() : raw;
      String problem = setting.problem(text);
      if (problem != null) {
        problems.add(problem);
        failed.add(setting);
      } else {
        values.put(setting, setting.parse(text));
        defaulted.put(setting, unset);
      }
    }
    Map<Family, Map<String, String>> familyValues = new LinkedHashMap<>();
    for (Family family : families) {
      Map<String, String> members = new TreeMap<>();
      environment.forEach(
          (name, value) -> {
            if (name.startsWith(family.prefix())
                && name.length() > family.prefix().length()
                && !settings.containsKey(name)) {
              members.put(name.substring(family.prefix().length()), value);
            }
          });
      problems.addAll(family.check().apply(members));
      familyValues.put(family, members);
    }
    Settings read = new Settings(this, values, defaulted, familyValues);
    for (Rule rule : rules) {
      if (rule.needs().stream().noneMatch(failed::contains) && !rule.holds().test(read)) {
        problems.add(rule.problem());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(component, problems);
    }
    return read;
  }

  /**
   * Reads the settings for a program's {@code main}; on a problem prints every one to {@code
   * System.err} and exits with status 2, the documented exit status of a configuration error.
   */
  public Settings readOrExit(Map<String, String> environment) {
    try {
      return read(environment);
    } catch (ConfigException e) {
      System.err.println(component + ": configuration error: " + e.getMessage());
      System.err.println(
          component + ": every setting is listed in the README (or run with --help)");
      System.exit(2);
      throw e; // not reached
    }
  }

  private boolean isUnknown(String name) {
    if (prefixes.stream().noneMatch(name::startsWith)
        || foreignPrefixes.stream().anyMatch(name::startsWith)
        || settings.containsKey(name)) {
      return false;
    }
    return families.stream().noneMatch(f -> name.startsWith(f.prefix()));
  }

  private List<String> knownNames() {
    List<String> names = new ArrayList<>(settings.keySet());
    families.forEach(f -> names.add(f.name()));
    return names;
  }

  /** Builds a {@link SettingGroup}; every name must be unique and within an owned prefix. */
  public static final class Builder {
    private final String component;
    private final List<String> prefixes = new ArrayList<>();
    private final List<String> foreignPrefixes = new ArrayList<>();
    private final Map<String, Setting<?>> settings = new LinkedHashMap<>();
    private final List<Family> families = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();

    private Builder(String component) {
      this.component = Objects.requireNonNull(component, "component");
    }

    /** Another prefix this component owns. */
    public Builder prefix(String prefix) {
      prefixes.add(Objects.requireNonNull(prefix, "prefix"));
      return this;
    }

    /**
     * A prefix inside an owned one that belongs to another component (which checks its own
     * variables), such as the embedded stack's {@code OUTBOX_STACK} inside the CLI's {@code
     * OUTBOX_}.
     */
    public Builder foreignPrefix(String prefix) {
      foreignPrefixes.add(Objects.requireNonNull(prefix, "prefix"));
      return this;
    }

    public Builder add(Setting<?>... more) {
      for (Setting<?> setting : more) {
        if (prefixes.stream().noneMatch(setting.name()::startsWith)) {
          throw new IllegalArgumentException(
              setting.name() + " is outside the prefixes " + prefixes + " of " + component);
        }
        if (settings.putIfAbsent(setting.name(), setting) != null) {
          throw new IllegalArgumentException(setting.name() + " is declared twice");
        }
      }
      return this;
    }

    public Builder add(List<? extends Setting<?>> more) {
      return add(more.toArray(new Setting<?>[0]));
    }

    public Builder family(Family family) {
      families.add(Objects.requireNonNull(family, "family"));
      return this;
    }

    /**
     * A condition across settings, checked when every setting it needs was read without a problem.
     *
     * @param problem the sentence reported when it does not hold, naming the variables
     */
    public Builder rule(String problem, Predicate<Settings> holds, Setting<?>... needs) {
      rules.add(new Rule(problem, holds, List.of(needs)));
      return this;
    }

    public SettingGroup build() {
      return new SettingGroup(this);
    }
  }
}
