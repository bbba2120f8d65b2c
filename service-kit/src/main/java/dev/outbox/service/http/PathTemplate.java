package dev.outbox.service.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A route's path, such as {@code /customers/{id}/replay}: literal segments and {@code {name}}
 * parameters, each a whole segment. Its text is the {@code route} tag of the request timer.
 */
final class PathTemplate {

  private static final Pattern PARAMETER = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9]*)}");
  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~-]+");

  private final String text;
  // A literal segment, or null where the segment is a parameter (its name is in parameters).
  private final List<String> literals;
  private final List<String> parameters;

  private PathTemplate(String text, List<String> literals, List<String> parameters) {
    this.text = text;
    this.literals = literals;
    this.parameters = parameters;
  }

  /**
   * @throws IllegalArgumentException when the template is not {@code /segment/{param}/...}
   */
  static PathTemplate parse(String template) {
    if (!template.startsWith("/")) {
      throw new IllegalArgumentException("a path template starts with '/', was '" + template + "'");
    }
    List<String> literals = new ArrayList<>();
    List<String> parameters = new ArrayList<>();
    Set<String> names = new HashSet<>();
    if (!template.equals("/")) {
      for (String segment : template.substring(1).split("/", -1)) {
        var parameter = PARAMETER.matcher(segment);
        if (parameter.matches()) {
          if (!names.add(parameter.group(1))) {
            throw new IllegalArgumentException(
                "parameter {" + parameter.group(1) + "} appears twice in " + template);
          }
          literals.add(null);
          parameters.add(parameter.group(1));
        } else if (LITERAL.matcher(segment).matches()) {
          literals.add(segment);
          parameters.add(null);
        } else {
          throw new IllegalArgumentException(
              "segment '" + segment + "' of " + template + " is neither a literal nor {name}");
        }
      }
    }
    return new PathTemplate(
        template, Collections.unmodifiableList(literals), Collections.unmodifiableList(parameters));
  }

  /** The parameters by name when {@code segments} (decoded) match, else empty. */
  Optional<Map<String, String>> match(List<String> segments) {
    if (segments.size() != literals.size()) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      String literal = literals.get(i);
      if (literal == null) {
        if (segments.get(i).isEmpty()) {
          return Optional.empty();
        }
        values.put(parameters.get(i), segments.get(i));
      } else if (!literal.equals(segments.get(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(values);
  }

  /**
   * Whether both match exactly the same paths ({@code /a/{x}} and {@code /a/{y}}), which would make
   * a route table ambiguous.
   */
  boolean sameShape(PathTemplate other) {
    return literals.equals(other.literals);
  }

  /**
   * Orders templates that match the same path: a literal segment is more specific than a parameter
   * at the first position where they differ, so {@code /a/open} wins over {@code /a/{id}}.
   */
  int compareSpecificity(PathTemplate other) {
    for (int i = 0; i < Math.min(literals.size(), other.literals.size()); i++) {
      boolean mine = literals.get(i) != null;
      boolean theirs = other.literals.get(i) != null;
      if (mine != theirs) {
        return mine ? 1 : -1;
      }
    }
    return 0;
  }

  @Override
  public String toString() {
    return text;
  }
}
