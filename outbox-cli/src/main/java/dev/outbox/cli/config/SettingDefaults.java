package dev.outbox.cli.config;

import dev.outbox.config.Setting;
import dev.outbox.config.Settings;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives the operator commands' options their defaults from the {@code OUTBOX_*} variables and, when
 * unset, from the declared defaults of {@link CliSettings}: an option holds no default of its own.
 * Built only from an environment that {@link CliSettings#GROUP} has read without a problem.
 */
public final class SettingDefaults implements IDefaultValueProvider {

  private final Map<String, String> environment;
  private final Settings settings;

  private SettingDefaults(Map<String, String> environment, Settings settings) {
    this.environment = Map.copyOf(environment);
    this.settings = settings;
  }

  /**
   * Reads the {@code OUTBOX_*} variables of {@code environment}.
   *
   * @throws dev.outbox.config.ConfigException listing every problem (a misspelt variable with the
   *     nearest name, a bad value)
   */
  public static SettingDefaults read(Map<String, String> environment) {
    return new SettingDefaults(environment, CliSettings.GROUP.read(environment));
  }

  /** The settings, for what is not an option (migrate's role passwords). */
  public Settings settings() {
    return settings;
  }

  /** The settings of the command line that runs {@code spec}. */
  public static Settings of(CommandSpec spec) {
    IDefaultValueProvider provider = spec.root().defaultValueProvider();
    if (provider instanceof SettingDefaults defaults) {
      return defaults.settings;
    }
    throw new IllegalStateException("the command line was built without its settings");
  }

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option)) {
      return null;
    }
    String key = CliSettings.defaultKey(option);
    if (key == null) {
      return null;
    }
    Setting<?> setting = CliSettings.OPTION_DEFAULTS.get(key);
    String given = environment.get(setting.name());
    if (given != null && !given.isBlank()) {
      return setting.isSecret() ? given : given.trim();
    }
    return setting.presence() == Setting.Presence.DEFAULTED ? setting.defaultText() : null;
  }
}
