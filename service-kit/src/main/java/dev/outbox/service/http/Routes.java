package dev.outbox.service.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A service's route table: method and path template ({@code /customers/{id}}) to handler, in the
 * shape of Helidon SE's {@code HttpRouting}. Immutable once built.
 *
 * <pre>{@code
 * Routes routes =
 *     Routes.builder()
 *         .post("/customers", this::create)
 *         .get("/customers/{id}", request -> find(request.uuidParameter("id")))
 *         .build();
 * }</pre>
 *
 * A path no template matches is a 404; a known path without a handler for the method is a 405 whose
 * {@code Allow} header lists the methods of that path. {@code HEAD} is served by the {@code GET}
 * handler without the body, and {@code OPTIONS} answers the {@code Allow} list.
 */
public final class Routes {

  private static final Set<String> IMPLIED = Set.of("HEAD", "OPTIONS");

  private final List<Route> routes;

  /** One path template and its handlers by method, in declaration order. */
  record Route(PathTemplate template, Map<String, Handler> handlers) {

    /** The methods this path accepts, as the {@code Allow} header lists them. */
    List<String> allowed() {
      List<String> methods = new ArrayList<>(handlers.keySet());
      if (methods.contains("GET") && !methods.contains("HEAD")) {
        methods.add(methods.indexOf("GET") + 1, "HEAD");
      }
      if (!methods.contains("OPTIONS")) {
        methods.add("OPTIONS");
      }
      return methods;
    }
  }

  /** A matched route with the path's parameters. */
  record Match(Route route, Map<String, String> parameters) {}

  private Routes(List<Route> routes) {
    this.routes = List.copyOf(routes);
  }

  /** An empty table to add routes to. */
  public static Builder builder() {
    return new Builder();
  }

  /** The most specific route whose template matches the decoded path segments. */
  Optional<Match> match(List<String> segments) {
    Match best = null;
    for (Route route : routes) {
      Optional<Map<String, String>> parameters = route.template().match(segments);
      if (parameters.isPresent()
          && (best == null || route.template().compareSpecificity(best.route().template()) > 0)) {
        best = new Match(route, parameters.get());
      }
    }
    return Optional.ofNullable(best);
  }

  List<Route> routes() {
    return routes;
  }

  /** Collects routes; a method declared twice for one path is refused. */
  public static final class Builder {

    private final Map<String, PathTemplate> templates = new LinkedHashMap<>();
    private final Map<String, Map<String, Handler>> handlers = new LinkedHashMap<>();

    private Builder() {}

    public Builder get(String template, Handler handler) {
      return route("GET", template, handler);
    }

    public Builder post(String template, Handler handler) {
      return route("POST", template, handler);
    }

    public Builder put(String template, Handler handler) {
      return route("PUT", template, handler);
    }

    public Builder delete(String template, Handler handler) {
      return route("DELETE", template, handler);
    }

    /**
     * {@code handler} serves {@code method} on {@code template}.
     *
     * @throws IllegalArgumentException for a malformed template, a method already routed on it, or
     *     a template that matches exactly the paths of another one under other parameter names
     */
    public Builder route(String method, String template, Handler handler) {
      Objects.requireNonNull(handler, "handler");
      String verb = method.toUpperCase(Locale.ROOT);
      if (IMPLIED.contains(verb)) {
        throw new IllegalArgumentException(verb + " is answered by the route table itself");
      }
      PathTemplate parsed = PathTemplate.parse(template);
      for (PathTemplate known : templates.values()) {
        if (known.sameShape(parsed) && !known.toString().equals(template)) {
          throw new IllegalArgumentException(template + " matches the same paths as " + known);
        }
      }
      templates.putIfAbsent(template, parsed);
      Map<String, Handler> byMethod =
          handlers.computeIfAbsent(template, t -> new LinkedHashMap<>());
      if (byMethod.putIfAbsent(verb, handler) != null) {
        throw new IllegalArgumentException(verb + " " + template + " is routed twice");
      }
      return this;
    }

    /** Every route of {@code other} too. */
    public Builder add(Routes other) {
      for (Route route : other.routes) {
        route.handlers().forEach((method, h) -> route(method, route.template().toString(), h));
      }
      return this;
    }

    public Routes build() {
      List<Route> built = new ArrayList<>();
      // Kept in declaration order: it is the order of the Allow header.
      templates.forEach(
          (text, template) ->
              built.add(
                  new Route(
                      template,
                      Collections.unmodifiableMap(new LinkedHashMap<>(handlers.get(text))))));
      return new Routes(built);
    }
  }
}
