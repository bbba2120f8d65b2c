package dev.outbox.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A PostgreSQL JDBC URL taken apart once: {@code jdbc:postgresql://host[:port]/database[?k=v&...]}.
 * Its {@link #toString()} masks a password given as a parameter, so it is safe to log; {@link
 * #url()} is the URL as given, for the driver.
 *
 * @param url the URL as given
 * @param host the one host it names
 * @param port its port, 5432 when absent
 * @param database the database it names
 * @param parameters its query parameters, decoded, in order
 */
public record JdbcUrl(
    String url, String host, int port, String database, Map<String, String> parameters) {

  public static final String PREFIX = "jdbc:postgresql://";

  public JdbcUrl {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    parameters = Map.copyOf(parameters);
  }

  /**
   * Parses a URL of one host.
   *
   * @throws IllegalArgumentException saying what the URL must be ("must start with ...")
   */
  public static JdbcUrl parse(String url) {
    if (!url.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "must be a URL jdbc:postgresql://host:port/database, starting with " + PREFIX);
    }
    URI uri;
    try {
      uri = new URI("postgresql://" + url.substring(PREFIX.length()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("must be a valid URL (" + e.getReason() + ")");
    }
    if (uri.getHost() == null) {
      // host1,host2 makes the authority unparseable as a server: one host is what is supported.
      throw new IllegalArgumentException(
          "must name exactly one host: jdbc:postgresql://host:port/database");
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    String database = path.startsWith("/") ? path.substring(1) : path;
    if (database.isEmpty() || database.contains("/")) {
      throw new IllegalArgumentException(
          "must name a database: jdbc:postgresql://host:port/database");
    }
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("must have a port between 1 and 65535");
    }
    return new JdbcUrl(url, uri.getHost(), port, database, parameters(uri.getRawQuery()));
  }

  /** A URL for {@code database} on {@code host:port}, without parameters. */
  public static JdbcUrl of(String host, int port, String database) {
    return parse(PREFIX + host + ":" + port + "/" + database);
  }

  /** The same server and parameters, another database. */
  public JdbcUrl withDatabase(String other) {
    int query = url.indexOf('?');
    String rest = query < 0 ? "" : url.substring(query);
    return parse(PREFIX + host + ":" + port + "/" + other + rest);
  }

  private static Map<String, String> parameters(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }

  @Override
  public String toString() {
    return Secrets.maskUrl(url);
  }
}
