package dev.outbox.cli.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Asks processes for their {@code /health}, all at once, each within a timeout. */
public final class HealthClient {

  private final Duration timeout;
  private final HttpClient http;

  public HealthClient(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** The health endpoint of a process whose base URL is {@code base}. */
  public static URI healthOf(URI base) {
    return base.resolve("/health");
  }

  /** Asks one process. */
  public ProcessHealth fetch(String name, URI base) {
    return fetchAll(Map.of(name, base)).get(0);
  }

  /** Asks every process (name to base URL) at once; the answers in the same order. */
  public List<ProcessHealth> fetchAll(Map<String, URI> bases) {
    Map<String, CompletableFuture<ProcessHealth>> pending = new LinkedHashMap<>();
    bases.forEach(
        (name, base) -> {
          URI url = healthOf(base);
          HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
          pending.put(
              name,
              http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                  .thenApply(r -> HealthDocument.parse(name, url, r.statusCode(), r.body()))
                  .exceptionally(e -> ProcessHealth.unreachable(name, url, why(e))));
        });
    return pending.values().stream().map(CompletableFuture::join).toList();
  }

  private String why(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (cause instanceof HttpTimeoutException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    if (cause instanceof java.net.ConnectException) {
      return "connection refused";
    }
    if (cause instanceof IOException && cause.getMessage() != null) {
      return cause.getMessage();
    }
    return cause.getClass().getSimpleName();
  }
}
