package dev.outbox.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The malformed requests every JSON endpoint of a service must refuse with a 4xx naming the
 * problem, built around one valid body of the endpoint: bodies that are not one well-formed JSON
 * object, that are not declared as JSON, that are too big or too deep, and text PostgreSQL could
 * not store exactly as sent (U+0000, unpaired surrogates, invalid UTF-8) in one of its string
 * fields. An app's bad-input test adds its own field cases to these.
 */
public final class BadRequests {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RAW = "@@raw@@";

  private BadRequests() {}

  /**
   * The malformed bodies of {@code method path}.
   *
   * @param valid a body the endpoint accepts, a JSON object
   * @param stringField a top-level string field of it, where the bad text goes
   */
  public static Stream<BadRequest> malformedBodies(
      String method, String path, String valid, String stringField) {
    String at = method + " " + path + ": ";
    List<BadRequest> cases = new ArrayList<>();
    cases.add(
        BadRequest.json(
            at + "empty body",
            method,
            path,
            "",
            400,
            "request body is empty: expected a JSON object"));
    cases.add(
        BadRequest.json(
            at + "not JSON", method, path, "name=Ada", 400, "request body: malformed JSON"));
    cases.add(
        BadRequest.json(
            at + "truncated",
            method,
            path,
            valid.substring(0, valid.length() - 1),
            400,
            "malformed JSON"));
    cases.add(
        BadRequest.json(
            at + "trailing garbage",
            method,
            path,
            valid + " trailing",
            400,
            "request body: malformed JSON: Unrecognized token 'trailing'"));
    cases.add(
        BadRequest.json(
            at + "two objects",
            method,
            path,
            valid + valid,
            400,
            "request body: malformed JSON: more content after the JSON object"));
    cases.add(
        BadRequest.json(
            at + "an array",
            method,
            path,
            "[" + valid + "]",
            400,
            "request body: must be a JSON object, was an array"));
    cases.add(
        BadRequest.json(
            at + "a duplicate field",
            method,
            path,
            "{\"" + stringField + "\":\"x\"," + valid.substring(1),
            400,
            stringField + ": appears twice in the request body"));
    cases.add(
        BadRequest.json(
            at + "nested too deep",
            method,
            path,
            "{\"deep\":" + "[".repeat(40) + "]".repeat(40) + "}",
            400,
            "nested deeper than 16 levels"));
    cases.add(
        BadRequest.json(
            at + "too big",
            method,
            path,
            withRaw(valid, stringField, "\"" + "x".repeat(70_000) + "\""),
            413,
            "request body is larger than 65536 bytes"));
    cases.add(
        new BadRequest(
            at + "text/plain",
            method,
            path,
            "text/plain",
            valid.getBytes(StandardCharsets.UTF_8),
            415,
            "Content-Type: must be application/json, was text/plain"));
    cases.add(
        new BadRequest(
            at + "no Content-Type",
            method,
            path,
            null,
            valid.getBytes(StandardCharsets.UTF_8),
            415,
            "Content-Type: must be application/json, was not set"));
    cases.add(
        new BadRequest(
            at + "a charset other than UTF-8",
            method,
            path,
            "application/json; charset=ISO-8859-1",
            valid.getBytes(StandardCharsets.ISO_8859_1),
            415,
            "Content-Type: the charset must be utf-8"));
    cases.add(
        BadRequest.json(
            at + "U+0000 in a string",
            method,
            path,
            withRaw(valid, stringField, "\"A\\u0000B\""),
            400,
            stringField + ": must not contain U+0000"));
    cases.add(
        BadRequest.json(
            at + "an unpaired high surrogate",
            method,
            path,
            withRaw(valid, stringField, "\"A\\ud83d\""),
            400,
            stringField + ": must not contain the unpaired surrogate U+D83D"));
    cases.add(
        BadRequest.json(
            at + "an unpaired low surrogate",
            method,
            path,
            withRaw(valid, stringField, "\"\\ude00A\""),
            400,
            stringField + ": must not contain the unpaired surrogate U+DE00"));
    cases.add(
        BadRequest.json(
            at + "U+0000 in a field name",
            method,
            path,
            "{\"x\\u0000\":1," + valid.substring(1),
            400,
            "a field name must not contain U+0000"));
    cases.add(
        new BadRequest(
            at + "invalid UTF-8 in a string",
            method,
            path,
            "application/json",
            withRawBytes(valid, stringField, new byte[] {'"', 'A', (byte) 0xC3, '(', '"'}),
            400,
            stringField + ": is not valid UTF-8"));
    cases.add(
        new BadRequest(
            at + "an overlong UTF-8 form of U+0000",
            method,
            path,
            "application/json",
            withRawBytes(valid, stringField, new byte[] {'"', (byte) 0xC0, (byte) 0x80, '"'}),
            400,
            stringField + ": is not valid UTF-8"));
    return cases.stream();
  }

  /**
   * What every path of a service answers that no route serves, or serves with other methods: JSON
   * 404s (HEAD and OPTIONS included) and a 405 for {@code notAllowed} on {@code knownPath}.
   */
  public static Stream<BadRequest> unroutable(String knownPath, String notAllowed) {
    return Stream.of(
        BadRequest.json(
            "GET an unknown path", "GET", "/nowhere", null, 404, "no such resource: /nowhere"),
        BadRequest.json("HEAD an unknown path", "HEAD", "/nowhere", null, 404, ""),
        BadRequest.json(
            "OPTIONS an unknown path",
            "OPTIONS",
            "/nowhere",
            null,
            404,
            "no such resource: /nowhere"),
        BadRequest.json(
            "POST an unknown path", "POST", knownPath + "/x/y/z", "{}", 404, "no such resource"),
        BadRequest.json(
            notAllowed + " " + knownPath,
            notAllowed,
            knownPath,
            null,
            405,
            "method " + notAllowed + " is not allowed on " + knownPath));
  }

  /** {@code valid} with the value of {@code field} replaced by raw JSON text. */
  public static String withRaw(String valid, String field, String rawValue) {
    return serialized(valid, field).replace("\"" + RAW + "\"", rawValue);
  }

  /** {@code valid} as bytes with the value of {@code field} replaced by raw bytes. */
  public static byte[] withRawBytes(String valid, String field, byte[] rawValue) {
    String text = serialized(valid, field);
    int at = text.indexOf("\"" + RAW + "\"");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
    out.writeBytes(rawValue);
    out.writeBytes(text.substring(at + RAW.length() + 2).getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static String serialized(String valid, String field) {
    try {
      ObjectNode body = (ObjectNode) JSON.readTree(valid);
      if (!body.has(field)) {
        throw new IllegalArgumentException(valid + " has no field " + field);
      }
      body.put(field, RAW);
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
