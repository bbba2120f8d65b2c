package dev.outbox.order.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventJson;
import dev.outbox.order.OrderAppFixture;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets a 4xx with a JSON error that names the problem, and nothing is written. */
@ExtendWith(OutboxStackExtension.class)
class OrderHttpValidationIT {

  private static final ObjectMapper JSON = EventJson.defaultMapper();
  private static OrderAppFixture fixture;
  private static String customer;

  @BeforeAll
  static void start(OutboxStack stack) {
    fixture = OrderAppFixture.start(stack);
    customer = fixture.knownCustomer().toString();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("missing customerId", "{\"lines\":[LINE]}", 400, "customerId: is required"),
        Arguments.of(
            "customerId not a UUID",
            "{\"customerId\":\"42\",\"lines\":[LINE]}",
            400,
            "customerId: must be a UUID"),
        Arguments.of(
            "customerId of the wrong type",
            "{\"customerId\":42,\"lines\":[LINE]}",
            400,
            "customerId: must be a string, was number"),
        Arguments.of("missing lines", "{\"customerId\":\"CUSTOMER\"}", 400, "lines: is required"),
        Arguments.of(
            "no lines",
            "{\"customerId\":\"CUSTOMER\",\"lines\":[]}",
            400,
            "lines: must have between 1 and 100 elements"),
        Arguments.of(
            "lines not an array",
            "{\"customerId\":\"CUSTOMER\",\"lines\":{}}",
            400,
            "lines: must be an array, was object"),
        Arguments.of(
            "a line not an object",
            "{\"customerId\":\"CUSTOMER\",\"lines\":[LINE,7]}",
            400,
            "lines[1]: must be an object"),
        Arguments.of(
            "line missing its sku",
            "{\"customerId\":\"CUSTOMER\",\"lines\":[{\"quantity\":1,\"unitPrice\":1}]}",
            400,
            "lines[0].sku: is required"),
        Arguments.of(
            "quantity of the wrong type",
            "{\"customerId\":\"CUSTOMER\",\"lines\":[{\"sku\":\"A\",\"quantity\":\"2\",\"unitPrice\":1}]}",
            400,
            "lines[0].quantity: must be a whole number, was string"),
        Arguments.of(
            "fractional quantity",
            "{\"customerId\":\"CUSTOMER\",\"lines\":[{\"sku\":\"A\",\"quantity\":1.5,\"unitPrice\":1}]}",
            400,
            "lines[0].quantity: must be a whole number"),
        Arguments.of(
            "zero quantity",
            "{\"customerId\":\"CUSTOMER\",\"lines\":[{\"sku\":\"A\",\"quantity\":0,\"unitPrice\":1}]}",
            400,
            "lines[0].quantity: must be between 1 and 1000000"),
        Arguments.of(
            "negative price",
            "{\"customerId\":\"CUSTOMER\",\"lines\":[{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":-1}]}",
            400,
            "lines[0].unitPrice: must not be negative"),
        Arguments.of(
            "misspelt line field",
            "{\"customerId\":\"CUSTOMER\",\"lines\":[{\"sku\":\"A\",\"qty\":1,\"unitPrice\":1}]}",
            400,
            "lines[0].qty: unknown field"),
        Arguments.of(
            "total beyond what can be stored",
            "{\"customerId\":\"CUSTOMER\",\"lines\":[{\"sku\":\"A\",\"quantity\":1000000,"
                + "\"unitPrice\":999999999.99}]}",
            400,
            "lines: the order total"),
        Arguments.of("malformed JSON", "{\"customerId\":", 400, "malformed JSON"),
        Arguments.of("not an object", "\"order\"", 400, "request body must be a JSON object"),
        Arguments.of("empty body", "", 400, "request body is empty"),
        Arguments.of(
            "oversized body",
            "{\"customerId\":\"CUSTOMER\",\"lines\":[" + "LINE,".repeat(3000) + "LINE]}",
            413,
            "request body is larger than 65536 bytes"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void bad_input_is_refused_with_an_error_naming_the_problem_and_nothing_is_written(
      String label, String body, int status, String error) throws Exception {
    int orders = fixture.count("purchase_order");
    int lines = fixture.count("order_line");
    int events = fixture.count("outbox");

    HttpResponse<String> response =
        fixture.post(
            "/orders",
            body.replace("CUSTOMER", customer)
                .replace("LINE", "{\"sku\":\"A\",\"quantity\":1,\"unitPrice\":1}"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(JSON.readTree(response.body()).get("error").asText()).contains(error);
    assertThat(fixture.count("purchase_order")).isEqualTo(orders);
    assertThat(fixture.count("order_line")).isEqualTo(lines);
    assertThat(fixture.count("outbox")).isEqualTo(events);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPaths")
  void a_bad_path_or_method_gets_a_json_error(String label, String method, String path, int status)
      throws Exception {
    HttpResponse<String> response = fixture.send(method, path, null);

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(JSON.readTree(response.body()).has("error")).isTrue();
  }

  static Stream<Arguments> badPaths() {
    return Stream.of(
        Arguments.of("id not a UUID", "GET", "/orders/abc", 400),
        Arguments.of("listing is not offered", "GET", "/orders", 405),
        Arguments.of(
            "orders are not deleted", "DELETE", "/orders/" + java.util.UUID.randomUUID(), 405),
        Arguments.of("unknown path", "GET", "/customers", 404));
  }
}
