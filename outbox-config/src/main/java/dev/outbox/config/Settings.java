package dev.outbox.config;

import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/** The values a {@link SettingGroup} read: typed access by declaration, and a safe log line. */
public final class Settings {

  private final SettingGroup group;
  private final Map<Setting<?>, Object> values;
  private final Map<Setting<?>, Boolean> defaulted;
  private final Map<Family, Map<String, String>> families;

  Settings(
      SettingGroup group,
      Map<Setting<?>, Object> values,
      Map<Setting<?>, Boolean> defaulted,
      Map<Family, Map<String, String>> families) {
    this.group = group;
    this.values = Map.copyOf(values);
    this.defaulted = Map.copyOf(defaulted);
    this.families = Map.copyOf(families);
  }

  /**
   * The value of a required or defaulted setting.
   *
   * @throws IllegalStateException for an optional setting that is absent, or one not in the group
   */
  public <T> T get(Setting<T> setting) {
    return find(setting)
        .orElseThrow(() -> new IllegalStateException(setting.name() + " has no value: use find()"));
  }

  /** The value of a setting, empty when an optional one is absent. */
  @SuppressWarnings("unchecked")
  public <T> Optional<T> find(Setting<T> setting) {
    if (!group.settings().contains(setting)) {
      throw new IllegalStateException(setting.name() + " is not a setting of " + group.component());
    }
    return Optional.ofNullable((T) values.get(setting));
  }

  /** A family's variables, by the rest of their name ({@code SECURITY_PROTOCOL}). */
  public Map<String, String> family(Family family) {
    return families.getOrDefault(family, Map.of());
  }

  /**
   * The effective configuration in one line, every secret masked: {@code RELAY_SLOT=outbox_relay
   * (default), RELAY_DB_PASSWORD=<masked>, ...}.
   */
  public String describe() {
    StringJoiner line = new StringJoiner(", ");
    for (Setting<?> setting : group.settings()) {
      if (values.containsKey(setting)) {
        line.add(
            setting.name()
                + "="
                + shown(setting)
                + (defaulted.getOrDefault(setting, false) ? " (default)" : ""));
      }
    }
    families.forEach(
        (family, members) ->
            members.forEach(
                (suffix, value) ->
                    line.add(
                        family.prefix()
                            + suffix
                            + "="
                            + (Secrets.isSecretName(suffix) ? Secrets.MASK : value))));
    return line.toString();
  }

  @SuppressWarnings("unchecked")
  private <T> String shown(Setting<T> setting) {
    return setting.show((T) values.get(setting));
  }

  @Override
  public String toString() {
    return describe();
  }
}
