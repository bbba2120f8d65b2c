package dev.outbox.service.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;

/** Reading JSON requests within a size limit and writing JSON responses. */
public final class HttpExchanges {

  /** Bodies above this size are refused with 413 before they are parsed. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private static final ObjectMapper READER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private HttpExchanges() {}

  /**
   * The request body as a JSON object.
   *
   * @throws PayloadTooLargeException above {@link #MAX_BODY_BYTES}
   * @throws BadRequestException when empty, not JSON or not an object
   */
  public static ObjectNode readObject(HttpExchange exchange) throws IOException {
    byte[] body = readBody(exchange);
    if (body.length == 0) {
      throw new BadRequestException("request body is empty: expected a JSON object");
    }
    JsonNode node;
    try {
      node = READER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequestException("malformed JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new BadRequestException("request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > MAX_BODY_BYTES) {
          throw new PayloadTooLargeException(MAX_BODY_BYTES);
        }
      } catch (NumberFormatException e) {
        throw new BadRequestException("Content-Length is not a number");
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
}
