package dev.outbox.relay.config;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The source database: where it is and the replication-capable role the relay logs in as. Debezium
 * wants host, port and database apart, so the JDBC URL is taken apart here once.
 *
 * @param jdbcUrl {@code RELAY_DB_URL}, a {@code jdbc:postgresql://host[:port]/database} URL
 * @param host the host of the URL
 * @param port the port of the URL (5432 when absent)
 * @param database the database of the URL
 * @param sslMode the URL's {@code sslmode} parameter, or {@code null}
 * @param user {@code RELAY_DB_USER}
 * @param password {@code RELAY_DB_PASSWORD}; never shown by {@link #toString()}
 */
public record DbConfig(
    String jdbcUrl,
    String host,
    int port,
    String database,
    String sslMode,
    String user,
    String password) {

  private static final String PREFIX = "jdbc:postgresql://";

  public DbConfig {
    if (jdbcUrl == null) {
      throw new RelayConfigException("RELAY_DB_URL is required but not set");
    }
    if (host == null || host.isBlank() || database == null || database.isBlank()) {
      throw new RelayConfigException(
          "RELAY_DB_URL must name a host and a database: jdbc:postgresql://host:port/database");
    }
    if (port < 1 || port > 65535) {
      throw new RelayConfigException("RELAY_DB_URL has an invalid port " + port);
    }
    if (user == null || user.isBlank()) {
      throw new RelayConfigException("RELAY_DB_USER is required but not set");
    }
    if (password == null) {
      throw new RelayConfigException("RELAY_DB_PASSWORD is required but not set");
    }
  }

  /** Takes a JDBC URL apart; the message of any failure names {@code RELAY_DB_URL}. */
  public static DbConfig of(String jdbcUrl, String user, String password) {
    if (!jdbcUrl.startsWith(PREFIX)) {
      throw new RelayConfigException(
          "RELAY_DB_URL must start with " + PREFIX + ", was '" + withoutQuery(jdbcUrl) + "'");
    }
    URI uri;
    try {
      uri = URI.create("postgresql://" + jdbcUrl.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new RelayConfigException("RELAY_DB_URL is not a valid URL: " + e.getMessage(), e);
    }
    if (uri.getHost() == null) {
      // Several hosts (host1,host2) make the URI authority unparseable: Debezium takes one host.
      throw new RelayConfigException(
          "RELAY_DB_URL must name exactly one host: jdbc:postgresql://host:port/database");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.startsWith("/") ? path.substring(1) : path;
    Map<String, String> params = queryParameters(uri.getRawQuery());
    return new DbConfig(
        jdbcUrl,
        uri.getHost(),
        uri.getPort() < 0 ? 5432 : uri.getPort(),
        database,
        params.get("sslmode"),
        user,
        password);
  }

  private static Map<String, String> queryParameters(String query) {
    var params = new LinkedHashMap<String, String>();
    if (query == null || query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return params;
  }

  /** URL parameters may carry a password, so only the part before them is ever shown. */
  private static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?...";
  }

  @Override
  public String toString() {
    return "DbConfig[url="
        + withoutQuery(jdbcUrl)
        + ", user="
        + user
        + ", password=<masked>"
        + (sslMode == null ? "" : ", sslmode=" + sslMode)
        + "]";
  }
}
