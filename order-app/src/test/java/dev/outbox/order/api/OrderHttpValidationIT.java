package dev.outbox.order.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.order.OrderAppFixture;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import dev.outbox.testing.BadRequest;
import dev.outbox.testing.BadRequests;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request order-app cannot honour exactly gets a 4xx with a JSON error naming the field, and
 * writes nothing: no order, no order line, no event.
 */
@ExtendWith(OutboxStackExtension.class)
class OrderHttpValidationIT {

  /** A customer the replica knows, published before the tests run. */
  private static final UUID CUSTOMER = UUID.randomUUID();

  private static final String LINE = "{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}";
  private static final String VALID =
      "{\"customerId\":\"" + CUSTOMER + "\",\"lines\":[" + LINE + "]}";

  private static OrderAppFixture fixture;

  @BeforeAll
  static void start(OutboxStack stack) {
    fixture = OrderAppFixture.start(stack);
    fixture.knownCustomer(CUSTOMER);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
            BadRequests.malformedBodies("POST", "/orders", VALID, "customerId"),
            BadRequests.unroutable("/orders", "GET"),
            fieldCases(),
            lineCases(),
            pathCases())
        .flatMap(s -> s)
        .map(c -> Arguments.of(c.label(), c));
  }

  private static Stream<BadRequest> fieldCases() {
    return Stream.of(
        post("missing customerId", "{\"lines\":[" + LINE + "]}", "customerId: is required"),
        post(
            "customerId not a UUID",
            "{\"customerId\":\"42\",\"lines\":[" + LINE + "]}",
            "customerId: must be a UUID in lowercase 8-4-4-4-12 form, was '42'"),
        post(
            "customerId in upper case",
            "{\"customerId\":\""
                + CUSTOMER.toString().toUpperCase()
                + "\",\"lines\":["
                + LINE
                + "]}",
            "customerId: must be a UUID in lowercase"),
        post(
            "customerId of the wrong type",
            "{\"customerId\":42,\"lines\":[" + LINE + "]}",
            "customerId: must be a string, was number"),
        post("missing lines", "{\"customerId\":\"" + CUSTOMER + "\"}", "lines: is required"),
        post("no lines", lines(""), "lines: must have between 1 and 100 elements"),
        post(
            "lines not an array",
            "{\"customerId\":\"" + CUSTOMER + "\",\"lines\":{}}",
            "lines: must be an array, was object"),
        post("a line not an object", lines(LINE + ",7"), "lines[1]: must be an object, was number"),
        post(
            "misspelt field",
            "{\"customerID\":\"" + CUSTOMER + "\",\"lines\":[" + LINE + "]}",
            "customerID: unknown field; expected customerId, lines"),
        post(
            "too many lines",
            lines((LINE + ",").repeat(100) + LINE),
            "lines: must have between 1 and 100 elements"),
        post(
            "total beyond what can be stored",
            lines("{\"sku\":\"A\",\"quantity\":1000000,\"unitPrice\":999999999.99}"),
            "lines: the order total 999999999990000.00 exceeds 999999999999.99"),
        BadRequest.json(
            "a customer the replica does not know",
            "POST",
            "/orders",
            "{\"customerId\":\"" + UUID.randomUUID() + "\",\"lines\":[" + LINE + "]}",
            422,
            "is not known to order-app"));
  }

  private static Stream<BadRequest> lineCases() {
    return Stream.of(
        line(
            "line missing its sku",
            "{\"quantity\":1,\"unitPrice\":1}",
            "lines[0].sku: is required"),
        line(
            "blank sku",
            "{\"sku\":\" \",\"quantity\":1,\"unitPrice\":1}",
            "lines[0].sku: must not be blank"),
        line(
            "sku too long",
            "{\"sku\":\"" + "S".repeat(65) + "\",\"quantity\":1,\"unitPrice\":1}",
            "lines[0].sku: must be at most 64 characters"),
        line(
            "U+0000 in a sku",
            "{\"sku\":\"A\\u0000\",\"quantity\":1,\"unitPrice\":1}",
            "lines[0].sku: must not contain U+0000"),
        line(
            "an unpaired surrogate in a sku",
            "{\"sku\":\"\\udfff\",\"quantity\":1,\"unitPrice\":1}",
            "lines[0].sku: must not contain the unpaired surrogate U+DFFF"),
        new BadRequest(
            "invalid UTF-8 in a sku",
            "POST",
            "/orders",
            "application/json",
            invalidUtf8InSku(),
            400,
            "lines[0].sku: is not valid UTF-8"),
        line(
            "quantity of the wrong type",
            "{\"sku\":\"A\",\"quantity\":\"2\",\"unitPrice\":1}",
            "lines[0].quantity: must be a number, was string"),
        line(
            "fractional quantity",
            "{\"sku\":\"A\",\"quantity\":1.5,\"unitPrice\":1}",
            "lines[0].quantity: must be a whole number written as digits, was 1.5"),
        line(
            "quantity 1.0",
            "{\"sku\":\"A\",\"quantity\":1.0,\"unitPrice\":1}",
            "lines[0].quantity: must be a whole number written as digits, was 1.0"),
        line(
            "quantity 1e2",
            "{\"sku\":\"A\",\"quantity\":1e2,\"unitPrice\":1}",
            "lines[0].quantity: must be a whole number written as digits, was 1e2"),
        line(
            "zero quantity",
            "{\"sku\":\"A\",\"quantity\":0,\"unitPrice\":1}",
            "lines[0].quantity: must be between 1 and 1000000"),
        line(
            "negative zero quantity",
            "{\"sku\":\"A\",\"quantity\":-0,\"unitPrice\":1}",
            "lines[0].quantity: must not be negative zero"),
        line(
            "huge quantity",
            "{\"sku\":\"A\",\"quantity\":99999999999999999999,\"unitPrice\":1}",
            "lines[0].quantity: must be between 1 and 1000000"),
        line(
            "price of the wrong type",
            "{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":\"1\"}",
            "lines[0].unitPrice: must be a number, was string"),
        line(
            "negative price",
            "{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":-1}",
            "lines[0].unitPrice: must not be negative"),
        line(
            "negative zero price",
            "{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":-0.0}",
            "lines[0].unitPrice: must not be negative zero"),
        line(
            "three decimals",
            "{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1.005}",
            "lines[0].unitPrice: must have at most 2 decimals, was 1.005"),
        line(
            "trailing zeros beyond two decimals",
            "{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":100.000}",
            "lines[0].unitPrice: must have at most 2 decimals, was 100.000"),
        line(
            "an exponent",
            "{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1e2}",
            "lines[0].unitPrice: must be written without an exponent, was 1e2"),
        line(
            "a price too large",
            "{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1000000000000}",
            "lines[0].unitPrice: must be at most 999999999999.99"),
        line(
            "misspelt line field",
            "{\"sku\":\"A\",\"qty\":1,\"unitPrice\":1}",
            "lines[0].qty: unknown field; expected quantity, sku, unitPrice"),
        line(
            "a duplicate line field",
            "{\"sku\":\"A\",\"sku\":\"B\",\"quantity\":1,\"unitPrice\":1}",
            "lines[0].sku: appears twice in the request body"));
  }

  private static Stream<BadRequest> pathCases() {
    return Stream.of(
        BadRequest.json(
            "GET an id that is not a UUID",
            "GET",
            "/orders/abc",
            null,
            400,
            "id: must be a UUID in lowercase 8-4-4-4-12 form, was 'abc'"),
        BadRequest.json(
            "DELETE an order",
            "DELETE",
            "/orders/" + UUID.randomUUID(),
            null,
            405,
            "method DELETE is not allowed on /orders/{id}; allowed: GET, HEAD, OPTIONS"),
        BadRequest.json(
            "PUT an order",
            "PUT",
            "/orders/" + UUID.randomUUID(),
            VALID,
            405,
            "method PUT is not allowed on /orders/{id}"));
  }

  private static BadRequest post(String label, String body, String error) {
    return BadRequest.json(label, "POST", "/orders", body, 400, error);
  }

  private static BadRequest line(String label, String line, String error) {
    return post(label, lines(line), error);
  }

  private static String lines(String lines) {
    return "{\"customerId\":\"" + CUSTOMER + "\",\"lines\":[" + lines + "]}";
  }

  private static byte[] invalidUtf8InSku() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("{\"customerId\":\"" + CUSTOMER + "\",\"lines\":[{\"sku\":\"A")
            .getBytes(StandardCharsets.UTF_8));
    body.write(0xFF);
    body.writeBytes("\",\"quantity\":1,\"unitPrice\":1}]}".getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void bad_input_is_refused_with_a_json_error_naming_the_field_and_nothing_is_written(
      String label, BadRequest bad) {
    int orders = fixture.count("purchase_order");
    int lines = fixture.count("order_line");
    int events = fixture.count("outbox");

    HttpResponse<String> response = bad.send(fixture.http());

    bad.assertRefused(response);
    assertThat(fixture.count("purchase_order")).isEqualTo(orders);
    assertThat(fixture.count("order_line")).isEqualTo(lines);
    assertThat(fixture.count("outbox")).isEqualTo(events);
  }
}
