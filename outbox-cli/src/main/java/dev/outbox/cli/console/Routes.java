package dev.outbox.cli.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The console's routes, declared: a method, a path whose {@code {name}} segments are parameters,
 * and what answers it. A path no route has is a 404; a path some route has with another method is a
 * 405 that names the methods it takes.
 */
final class Routes {

  /** What answers a route: the request, and the path's parameters by name. */
  @FunctionalInterface
  interface Handler {
    ConsoleServer.Reply handle(ConsoleServer.Request request, Map<String, String> parameters);
  }

  private record Route(String method, List<String> segments, Handler handler) {}

  /** The route that matched, with its parameters; or the methods the path takes (405). */
  record Match(Handler handler, Map<String, String> parameters, Set<String> allowed) {}

  private final List<Route> routes = new ArrayList<>();

  Routes get(String path, Handler handler) {
    return add("GET", path, handler);
  }

  Routes post(String path, Handler handler) {
    return add("POST", path, handler);
  }

  private Routes add(String method, String path, Handler handler) {
    routes.add(new Route(method, segments(path), handler));
    return this;
  }

  /** The route of {@code method} and {@code path}; null when no route has that path. */
  Match match(String method, String path) {
    List<String> given = segments(path);
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      Map<String, String> parameters = parameters(route.segments(), given);
      if (parameters == null) {
        continue;
      }
      if (route.method().equals(method)) {
        return new Match(route.handler(), parameters, Set.of(route.method()));
      }
      allowed.add(route.method());
    }
    return allowed.isEmpty() ? null : new Match(null, Map.of(), allowed);
  }

  private static Map<String, String> parameters(List<String> pattern, List<String> given) {
    if (pattern.size() != given.size()) {
      return null;
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < pattern.size(); i++) {
      String p = pattern.get(i);
      if (p.startsWith("{") && p.endsWith("}")) {
        if (given.get(i).isEmpty()) {
          return null;
        }
        parameters.put(p.substring(1, p.length() - 1), given.get(i));
      } else if (!p.equals(given.get(i))) {
        return null;
      }
    }
    return parameters;
  }

  private static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String s : path.split("/", -1)) {
      segments.add(java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8));
    }
    if (segments.size() > 1 && segments.get(0).isEmpty()) {
      segments.remove(0);
    }
    return segments;
  }
}
