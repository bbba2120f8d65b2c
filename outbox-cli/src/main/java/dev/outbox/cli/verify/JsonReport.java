package dev.outbox.cli.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report for scripts, one JSON document on stdout (the shape is in docs/verify.md): {@code
 * result} ({@code EQUAL}, {@code DIFFERS} or {@code ERROR} with {@code error}), and per replica
 * what was compared, the counts, and every id that still differs.
 */
final class JsonReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static String of(List<ReplicaVerdict> verdicts, Duration grace, Instant at) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("result", verdicts.stream().allMatch(ReplicaVerdict::equal) ? "EQUAL" : "DIFFERS");
    document.put("at", at.toString());
    document.put("graceSeconds", grace.toMillis() / 1000.0);
    List<Object> replicas = new ArrayList<>();
    verdicts.forEach(v -> replicas.add(replica(v)));
    document.put("replicas", replicas);
    return write(document);
  }

  /** The document of a run that could not compare (exit 2). */
  static String error(String message, Instant at) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("result", "ERROR");
    document.put("at", at.toString());
    document.put("error", message);
    document.put("replicas", List.of());
    return write(document);
  }

  private static Map<String, Object> replica(ReplicaVerdict v) {
    ReplicaDeclaration r = v.replica();
    Map<String, Object> replica = new LinkedHashMap<>();
    replica.put("name", r.name());
    replica.put("database", r.database());
    replica.put("view", r.digestView());
    replica.put("consumer", r.consumer());
    replica.put("aggregateType", r.aggregateType());
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("database", r.sourceDatabase());
    source.put("view", r.sourceDigestView());
    source.put("url", v.source());
    replica.put("source", source);
    replica.put("equal", v.equal());
    replica.put("compared", v.firstLook().compared());
    replica.put("sourceRows", v.firstLook().sourceRows());
    replica.put("replicaRows", v.firstLook().replicaRows());
    replica.put("seconds", v.elapsed().toMillis() / 1000.0);
    replica.put("idsPerSecond", Math.round(v.rate()));
    replica.put("differedAtFirst", v.firstLook().differences().size());
    replica.put("rechecks", v.recheck().rounds());
    replica.put("settled", v.recheck().settled());
    Map<String, Object> counts = new LinkedHashMap<>();
    v.counts().forEach((kind, n) -> counts.put(kind.label(), n));
    replica.put("counts", counts);
    List<Object> differences = new ArrayList<>();
    for (Difference d : v.differences()) {
      Map<String, Object> difference = new LinkedHashMap<>();
      difference.put("id", d.id());
      difference.put("kind", d.kind().label());
      difference.put("sourceVersion", d.sourceVersion());
      difference.put("replicaVersion", d.replicaVersion());
      difference.put("behind", d.behind());
      differences.add(difference);
    }
    replica.put("differences", differences);
    return replica;
  }

  private static String write(Map<String, Object> document) {
    try {
      return JSON.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of plain values is always JSON", e);
    }
  }
}
