package dev.outbox.service.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Locale;

/**
 * Reads a request body as one JSON object, refusing everything the service could not store or
 * answer exactly as sent:
 *
 * <ul>
 *   <li>a {@code Content-Type} other than {@code application/json} (UTF-8): 415;
 *   <li>more than {@link #MAX_BODY_BYTES}: 413;
 *   <li>an empty body, invalid UTF-8, anything but one object, trailing content, a field given
 *       twice, nesting deeper than {@link #MAX_DEPTH}: 400;
 *   <li>text PostgreSQL cannot store as sent, in a value or a field name: U+0000 ({@code text} and
 *       {@code jsonb} refuse it) and unpaired UTF-16 surrogates (they would be stored as '?'): 400.
 * </ul>
 *
 * Every error names the field where it was found ({@code lines[0].sku}). Numbers keep their text
 * ({@link NumberLiteral}) for {@link JsonFields} to check.
 */
final class JsonBodies {

  /** Bodies above this size are refused with 413 before they are parsed. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  /** Objects and arrays nested deeper than this are refused. */
  static final int MAX_DEPTH = 16;

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonBodies() {}

  /** The body of {@code exchange}, checked as the class says. */
  static ObjectNode read(HttpExchange exchange) throws IOException {
    requireJson(exchange.getRequestHeaders().getFirst("Content-Type"));
    return parseObject(readBody(exchange));
  }

  /** Refuses a media type other than {@code application/json}, or a charset other than UTF-8. */
  static void requireJson(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      throw new UnsupportedMediaTypeException(
          "Content-Type: must be application/json, was not set");
    }
    String[] parts = contentType.split(";");
    String type = parts[0].trim().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json")) {
      throw new UnsupportedMediaTypeException(
          "Content-Type: must be application/json, was " + abbreviate(contentType));
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].trim().split("=", 2);
      if (parameter[0].trim().equalsIgnoreCase("charset")
          && (parameter.length < 2 || !unquote(parameter[1].trim()).equalsIgnoreCase("utf-8"))) {
        throw new UnsupportedMediaTypeException(
            "Content-Type: the charset must be utf-8, was " + abbreviate(contentType));
      }
    }
  }

  /** {@code body} as one JSON object. */
  static ObjectNode parseObject(byte[] body) {
    if (body.length == 0) {
      throw new BadRequestException("request body is empty: expected a JSON object");
    }
    int invalid = firstInvalidUtf8(body);
    if (invalid >= 0) {
      // Parse what came before the bad byte to name the field it is in.
      TreeBuilder partial = new TreeBuilder();
      try {
        partial.build(Arrays.copyOf(body, invalid));
      } catch (BadRequestException expected) {
        // the prefix ends inside the document: that is where the bad byte is
      }
      throw new BadRequestException(
          partial.where() + ": is not valid UTF-8 (byte " + invalid + " of the body)");
    }
    return new TreeBuilder().build(body);
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      long declared;
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw new BadRequestException("Content-Length: is not a number");
      }
      if (declared > MAX_BODY_BYTES) {
        throw new PayloadTooLargeException(MAX_BODY_BYTES);
      }
    }
    // Chunked bodies have no length up front: read one byte past the limit to detect them.
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new PayloadTooLargeException(MAX_BODY_BYTES);
      }
      return bytes;
    }
  }

  /** The offset of the first byte that is not well-formed UTF-8 (overlong forms too), or -1. */
  static int firstInvalidUtf8(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isError()) {
      return in.position();
    }
    return -1;
  }

  /** What PostgreSQL could not store exactly as sent in {@code text}, or null. */
  static String unstorable(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return "must not contain U+0000 (PostgreSQL cannot store it)";
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return String.format(
            "must not contain the unpaired surrogate U+%04X (it is not a character)", (int) c);
      }
    }
    return null;
  }

  private static String unquote(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "...";
  }

  /** Builds the tree token by token, so that it knows at every point which field it is in. */
  private static final class TreeBuilder {

    /** An open object or array, named by its path. */
    private static final class Frame {
      final ContainerNode<?> node;
      final String path;
      String pendingField;
      String lastField;

      Frame(ContainerNode<?> node, String path) {
        this.node = node;
        this.path = path;
      }

      /** The path of the value that comes next in this container. */
      String next() {
        if (node.isArray()) {
          return path + "[" + node.size() + "]";
        }
        if (pendingField == null) {
          return path.isEmpty() ? "request body" : path;
        }
        return path.isEmpty() ? pendingField : path + "." + pendingField;
      }
    }

    private final Deque<Frame> open = new ArrayDeque<>();

    /** Where the parser is: the field being read, or "request body". */
    String where() {
      return open.isEmpty() ? "request body" : open.peek().next();
    }

    /**
     * Where a parse error is: Jackson reads a field's value together with its name, so the name may
     * not have reached the tree yet.
     */
    private String where(JsonProcessingException e) {
      Frame frame = open.peek();
      if (frame != null
          && frame.node.isObject()
          && frame.pendingField == null
          && e.getProcessor() instanceof JsonParser parser
          && parser.getParsingContext() != null
          && parser.getParsingContext().getCurrentName() != null
          && !parser.getParsingContext().getCurrentName().equals(frame.lastField)) {
        frame.pendingField = parser.getParsingContext().getCurrentName();
      }
      return where();
    }

    ObjectNode build(byte[] body) {
      try (JsonParser parser = FACTORY.createParser(body)) {
        JsonToken first = parser.nextToken();
        if (first == null) {
          throw new BadRequestException("request body is empty: expected a JSON object");
        }
        if (first != JsonToken.START_OBJECT) {
          throw new BadRequestException(
              "request body: must be a JSON object, was " + describe(first));
        }
        ObjectNode root = NODES.objectNode();
        open.push(new Frame(root, ""));
        while (!open.isEmpty()) {
          step(parser, parser.nextToken());
        }
        if (parser.nextToken() != null) {
          throw new BadRequestException(
              "request body: malformed JSON: more content after the JSON object"
                  + at(parser.currentLocation()));
        }
        return root;
      } catch (JsonProcessingException e) {
        throw new BadRequestException(
            where(e) + ": malformed JSON: " + e.getOriginalMessage() + at(e.getLocation()));
      } catch (IOException e) {
        // Parsing bytes in memory does no I/O; anything else is a malformed document.
        throw new BadRequestException(where() + ": malformed JSON: " + e.getMessage());
      }
    }

    private void step(JsonParser parser, JsonToken token) throws IOException {
      Frame frame = open.peek();
      if (token == null) {
        throw new BadRequestException(where() + ": malformed JSON: the body ends too early");
      }
      switch (token) {
        case FIELD_NAME -> {
          String name = parser.currentName();
          String problem = unstorable(name);
          if (problem != null) {
            throw new BadRequestException(frame.next() + ": a field name " + problem);
          }
          frame.pendingField = name;
          if (((ObjectNode) frame.node).has(name)) {
            throw new BadRequestException(frame.next() + ": appears twice in the request body");
          }
        }
        case START_OBJECT, START_ARRAY -> {
          if (open.size() >= MAX_DEPTH) {
            throw new BadRequestException(
                frame.next() + ": nested deeper than " + MAX_DEPTH + " levels");
          }
          ContainerNode<?> child =
              token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
          String path = frame.next();
          attach(frame, child);
          open.push(new Frame(child, path));
        }
        case END_OBJECT, END_ARRAY -> open.pop();
        case VALUE_STRING -> {
          String text = parser.getText();
          String problem = unstorable(text);
          if (problem != null) {
            throw new BadRequestException(frame.next() + ": " + problem);
          }
          attach(frame, NODES.textNode(text));
        }
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> attach(frame, number(frame, parser.getText()));
        case VALUE_TRUE -> attach(frame, NODES.booleanNode(true));
        case VALUE_FALSE -> attach(frame, NODES.booleanNode(false));
        case VALUE_NULL -> attach(frame, NODES.nullNode());
        default ->
            throw new BadRequestException(frame.next() + ": malformed JSON: unexpected " + token);
      }
    }

    private static NumberLiteral number(Frame frame, String literal) {
      try {
        return new NumberLiteral(literal);
      } catch (NumberFormatException e) {
        // An exponent beyond what any number type holds, such as 1e9999999999.
        throw new BadRequestException(
            frame.next() + ": the number " + abbreviate(literal) + " is out of any range");
      }
    }

    private static void attach(Frame frame, JsonNode value) {
      if (frame.node instanceof ArrayNode array) {
        array.add(value);
      } else {
        ((ObjectNode) frame.node).set(frame.pendingField, value);
        frame.lastField = frame.pendingField;
        frame.pendingField = null;
      }
    }

    private static String describe(JsonToken token) {
      return switch (token) {
        case START_ARRAY -> "an array";
        case VALUE_STRING -> "a string";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case VALUE_NULL -> "null";
        default -> token.asString();
      };
    }

    private static String at(JsonLocation location) {
      return location == null
          ? ""
          : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
  }
}
