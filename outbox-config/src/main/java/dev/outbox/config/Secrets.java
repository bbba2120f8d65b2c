package dev.outbox.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masking of secrets wherever a value may carry one: a key's name, a URL's password. */
public final class Secrets {

  /** What stands for a secret in every message and log line. */
  public static final String MASK = "<masked>";

  // user:password@ in a URL authority, and password-like query or option parameters.
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?#]*):[^/@?#]*@");
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)([?&;]([a-z0-9_.-]*(password|secret|token|key)[a-z0-9_.-]*)=)[^&;#]*");

  private Secrets() {}

  /**
   * Whether a setting of this name holds a secret: its name says password, secret, token, jaas or
   * key (Kafka's {@code ssl.key.password}, {@code sasl.jaas.config}, {@code sasl.oauthbearer...}).
   */
  public static boolean isSecretName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.contains("password")
        || n.contains("secret")
        || n.contains("token")
        || n.contains("jaas")
        || n.endsWith("key")
        || n.endsWith(".key")
        || n.endsWith("_key");
  }

  /** {@code url} with the password of its authority and of its parameters masked. */
  public static String maskUrl(String url) {
    if (url == null) {
      return null;
    }
    String masked = USER_INFO.matcher(url).replaceAll("$1:" + Matcher.quoteReplacement(MASK) + "@");
    return SECRET_PARAMETER.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK));
  }
}
