package dev.outbox.customer.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outbox.client.event.EventJson;
import dev.outbox.customer.CustomerAppFixture;
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
class CustomerHttpValidationIT {

  private static final ObjectMapper JSON = EventJson.defaultMapper();
  private static final String VALID =
      "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"address\":\"x\",\"creditLimit\":10}";
  private static CustomerAppFixture fixture;
  private static String existing;

  @BeforeAll
  static void start(OutboxStack stack) throws Exception {
    fixture = CustomerAppFixture.start(stack, 2);
    HttpResponse<String> created = fixture.post("/customers", VALID);
    assertThat(created.statusCode()).isEqualTo(201);
    existing = "/customers/" + JSON.readTree(created.body()).get("id").asText();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of(
            "missing field",
            "POST",
            "{\"email\":\"a@b.c\",\"address\":\"x\",\"creditLimit\":1}",
            400,
            "name: is required"),
        Arguments.of(
            "null field",
            "POST",
            "{\"name\":null,\"email\":\"a@b.c\",\"address\":\"x\",\"creditLimit\":1}",
            400,
            "name: is required"),
        Arguments.of(
            "blank name",
            "POST",
            "{\"name\":\"  \",\"email\":\"a@b.c\",\"address\":\"x\",\"creditLimit\":1}",
            400,
            "name: must not be blank"),
        Arguments.of(
            "wrong type: number for a string",
            "POST",
            "{\"name\":42,\"email\":\"a@b.c\",\"address\":\"x\",\"creditLimit\":1}",
            400,
            "name: must be a string, was number"),
        Arguments.of(
            "wrong type: string for a number",
            "POST",
            "{\"name\":\"A\",\"email\":\"a@b.c\",\"address\":\"x\",\"creditLimit\":\"100\"}",
            400,
            "creditLimit: must be a number, was string"),
        Arguments.of(
            "negative amount",
            "POST",
            "{\"name\":\"A\",\"email\":\"a@b.c\",\"address\":\"x\",\"creditLimit\":-1}",
            400,
            "creditLimit: must not be negative"),
        Arguments.of(
            "three decimals",
            "POST",
            "{\"name\":\"A\",\"email\":\"a@b.c\",\"address\":\"x\",\"creditLimit\":1.005}",
            400,
            "creditLimit: must have at most 2 decimals"),
        Arguments.of(
            "amount too large",
            "POST",
            "{\"name\":\"A\",\"email\":\"a@b.c\",\"address\":\"x\",\"creditLimit\":1e13}",
            400,
            "creditLimit: must be at most 999999999999.99"),
        Arguments.of(
            "not an email",
            "POST",
            "{\"name\":\"A\",\"email\":\"nobody\",\"address\":\"x\",\"creditLimit\":1}",
            400,
            "email: must look like name@domain"),
        Arguments.of(
            "misspelt field",
            "POST",
            "{\"nmae\":\"A\",\"email\":\"a@b.c\",\"address\":\"x\",\"creditLimit\":1}",
            400,
            "nmae: unknown field"),
        Arguments.of("malformed JSON", "POST", "{\"name\": \"A\",", 400, "malformed JSON"),
        Arguments.of(
            "duplicate field",
            "POST",
            "{\"name\":\"A\",\"name\":\"B\",\"email\":\"a@b.c\",\"address\":\"x\",\"creditLimit\":1}",
            400,
            "malformed JSON: Duplicate field 'name'"),
        Arguments.of("array body", "POST", "[1,2]", 400, "request body must be a JSON object"),
        Arguments.of("empty body", "POST", "", 400, "request body is empty"),
        Arguments.of(
            "oversized body",
            "POST",
            "{\"name\":\"" + "x".repeat(100_000) + "\"}",
            413,
            "request body is larger than 65536 bytes"),
        Arguments.of(
            "update missing a field",
            "PUT",
            "{\"name\":\"A\",\"email\":\"a@b.c\",\"address\":\"x\"}",
            400,
            "creditLimit: is required"),
        Arguments.of(
            "update with a version of the wrong type",
            "PUT",
            "{\"name\":\"A\",\"email\":\"a@b.c\",\"address\":\"x\",\"creditLimit\":1,\"version\":\"one\"}",
            400,
            "version: must be a whole number"),
        Arguments.of("update with malformed JSON", "PUT", "{\"name\":", 400, "malformed JSON"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void bad_input_is_refused_with_an_error_naming_the_problem_and_nothing_is_written(
      String label, String method, String body, int status, String error) throws Exception {
    int customers = fixture.count("customer");
    int events = fixture.count("outbox");

    HttpResponse<String> response =
        fixture.send(method, method.equals("POST") ? "/customers" : existing, body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode json = JSON.readTree(response.body());
    assertThat(json.get("error").asText()).contains(error);
    assertThat(fixture.count("customer")).isEqualTo(customers);
    assertThat(fixture.count("outbox")).isEqualTo(events);
    assertThat(JSON.readTree(fixture.get(existing).body()).get("version").asLong()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPaths")
  void a_bad_id_or_precondition_is_refused_naming_it(
      String label, String method, String path, String ifMatch, String error) throws Exception {
    int events = fixture.count("outbox");
    String target = path.equals("EXISTING") ? existing : path;
    HttpResponse<String> response =
        ifMatch == null
            ? fixture.send(method, target, method.equals("PUT") ? VALID : null)
            : fixture.send(
                method, target, method.equals("PUT") ? VALID : null, "If-Match", ifMatch);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("error").asText()).contains(error);
    assertThat(fixture.count("outbox")).isEqualTo(events);
  }

  static Stream<Arguments> badPaths() {
    return Stream.of(
        Arguments.of("id not a UUID on GET", "GET", "/customers/42", null, "id: must be a UUID"),
        Arguments.of(
            "id not a UUID on PUT", "PUT", "/customers/not-an-id", null, "id: must be a UUID"),
        Arguments.of(
            "id not a UUID on DELETE",
            "DELETE",
            "/customers/1-2-3-4-5",
            null,
            "id: must be a UUID"),
        Arguments.of("If-Match not a version", "PUT", "EXISTING", "\"abc\"", "If-Match: must be"),
        Arguments.of("If-Match zero on DELETE", "DELETE", "EXISTING", "0", "If-Match: must be"));
  }
}
