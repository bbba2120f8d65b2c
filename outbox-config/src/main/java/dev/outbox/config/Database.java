package dev.outbox.config;

import java.util.List;
import java.util.Objects;

/**
 * Where a component's PostgreSQL database is and the role it logs in as. Its {@link #toString()}
 * masks the password, and any password in the URL, so it is safe to log.
 */
public record Database(JdbcUrl url, String user, String password) {

  public Database {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  @Override
  public String toString() {
    return "Database[url=" + url + ", user=" + user + ", password=" + Secrets.MASK + "]";
  }

  /**
   * The three settings of a database login, {@code <prefix>DB_URL}, {@code <prefix>DB_USER} and
   * {@code <prefix>DB_PASSWORD}, all required: a component never guesses its credentials.
   *
   * @param url the URL's setting
   * @param user the login role's setting
   * @param password the password's setting
   */
  public record Declared(Setting<JdbcUrl> url, Setting<String> user, Setting<String> password) {

    /**
     * @param prefix such as {@code RELAY_}
     * @param what what the database is to the component, for the URL's meaning
     * @param role what the role is, for the user's meaning
     */
    public static Declared of(String prefix, String what, String role) {
      return new Declared(
          Setting.jdbcUrl(prefix + "DB_URL", what + ", jdbc:postgresql://host:port/database"),
          Setting.text(prefix + "DB_USER", role),
          Setting.secret(prefix + "DB_PASSWORD", "its password (never logged)"));
    }

    public List<Setting<?>> all() {
      return List.of(url, user, password);
    }

    /** The database the settings name. */
    public Database from(Settings settings) {
      return new Database(settings.get(url), settings.get(user), settings.get(password));
    }
  }
}
