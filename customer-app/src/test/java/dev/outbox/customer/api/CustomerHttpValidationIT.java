package dev.outbox.customer.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outbox.customer.CustomerAppFixture;
import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import dev.outbox.testing.BadRequest;
import dev.outbox.testing.BadRequests;
import dev.outbox.testing.HttpTestClient;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request customer-app cannot honour exactly gets a 4xx with a JSON error naming the field,
 * and writes nothing: no customer row changes, no event is appended.
 */
@ExtendWith(OutboxStackExtension.class)
class CustomerHttpValidationIT {

  private static final String VALID =
      "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"address\":\"x\",\"creditLimit\":10}";

  /** Stands for the path of the customer the tests update, known once the app runs. */
  private static final String EXISTING = "/customers/EXISTING";

  private static CustomerAppFixture fixture;
  private static String existing;

  @BeforeAll
  static void start(OutboxStack stack) {
    fixture = CustomerAppFixture.start(stack, 2);
    HttpResponse<String> created = fixture.post("/customers", VALID);
    assertThat(created.statusCode()).isEqualTo(201);
    existing = "/customers/" + HttpTestClient.json(created).get("id").asText();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
            BadRequests.malformedBodies("POST", "/customers", VALID, "name"),
            BadRequests.malformedBodies("PUT", EXISTING, VALID, "address"),
            BadRequests.unroutable("/customers", "GET"),
            fieldCases(),
            pathCases())
        .flatMap(s -> s)
        .map(c -> Arguments.of(c.label(), c));
  }

  private static Stream<BadRequest> fieldCases() {
    return Stream.of(
        post(
            "missing field",
            "{\"email\":\"a@b.c\",\"address\":\"x\",\"creditLimit\":1}",
            "name: is required"),
        post("null field", body("name", "null"), "name: is required"),
        post("blank name", body("name", "\"  \""), "name: must not be blank"),
        post("a number for a string", body("name", "42"), "name: must be a string, was number"),
        post("an object for a string", body("email", "{}"), "email: must be a string, was object"),
        post(
            "name too long",
            body("name", "\"" + "n".repeat(201) + "\""),
            "name: must be at most 200 characters"),
        post(
            "email too long",
            body("email", "\"" + "e".repeat(310) + "@example.com\""),
            "email: must be at most 320 characters"),
        post(
            "address too long",
            body("address", "\"" + "a".repeat(501) + "\""),
            "address: must be at most 500 characters"),
        post("not an email", body("email", "\"nobody\""), "email: must look like name@domain"),
        post(
            "a string for a number",
            body("creditLimit", "\"100\""),
            "creditLimit: must be a number, was string"),
        post(
            "a boolean for a number",
            body("creditLimit", "true"),
            "creditLimit: must be a number, was boolean"),
        post("negative amount", body("creditLimit", "-1"), "creditLimit: must not be negative"),
        post("negative zero", body("creditLimit", "-0"), "creditLimit: must not be negative zero"),
        post(
            "negative zero with decimals",
            body("creditLimit", "-0.00"),
            "creditLimit: must not be negative zero"),
        post(
            "three decimals",
            body("creditLimit", "1.005"),
            "creditLimit: must have at most 2 decimals, was 1.005"),
        post(
            "trailing zeros beyond two decimals",
            body("creditLimit", "100.000"),
            "creditLimit: must have at most 2 decimals, was 100.000"),
        post(
            "an exponent",
            body("creditLimit", "1e2"),
            "creditLimit: must be written without an exponent, was 1e2"),
        post(
            "an exponent with a sign",
            body("creditLimit", "1.5E+1"),
            "creditLimit: must be written without an exponent, was 1.5E+1"),
        post(
            "amount too large",
            body("creditLimit", "1000000000000"),
            "creditLimit: must be at most 999999999999.99"),
        post(
            "a huge number",
            body("creditLimit", "9".repeat(500)),
            "creditLimit: must be at most 999999999999.99"),
        post(
            "misspelt field",
            "{\"nmae\":\"A\",\"email\":\"a@b.c\",\"address\":\"x\",\"creditLimit\":1}",
            "nmae: unknown field; expected address, creditLimit, email, name"),
        post(
            "an id on create",
            body("id", "\"" + UUID.randomUUID() + "\""),
            "id: is set by customer-app; leave it out"),
        post(
            "a version on create",
            body("version", "1"),
            "version: is set by customer-app; leave it out"),
        put(
            "update missing a field",
            "{\"name\":\"A\",\"email\":\"a@b.c\",\"address\":\"x\"}",
            "creditLimit: is required"),
        put(
            "update of another id",
            body("id", "\"00000000-0000-4000-8000-000000000000\""),
            "id: the body says 00000000-0000-4000-8000-000000000000 but the path says"),
        put(
            "update with an id that is not a UUID",
            body("id", "\"42\""),
            "id: must be a UUID in lowercase 8-4-4-4-12 form, was '42'"),
        put(
            "update with a version of the wrong type",
            body("version", "\"one\""),
            "version: must be a whole number of at least 1, was string"),
        put(
            "update with a fractional version",
            body("version", "1.0"),
            "version: must be a whole number of at least 1, was 1.0"),
        put(
            "update with an exponent version",
            body("version", "1e0"),
            "version: must be a whole number of at least 1, was 1e0"),
        put(
            "update with version zero",
            body("version", "0"),
            "version: must be a whole number of at least 1, was 0"));
  }

  private static Stream<BadRequest> pathCases() {
    return Stream.of(
        BadRequest.json(
            "GET an id that is not a UUID",
            "GET",
            "/customers/42",
            null,
            400,
            "id: must be a UUID in lowercase 8-4-4-4-12 form, was '42'"),
        BadRequest.json(
            "GET an upper-case UUID",
            "GET",
            "/customers/" + UUID.randomUUID().toString().toUpperCase(),
            null,
            400,
            "id: must be a UUID in lowercase"),
        BadRequest.json(
            "PUT an id that is not a UUID",
            "PUT",
            "/customers/not-an-id",
            VALID,
            400,
            "id: must be a UUID"),
        BadRequest.json(
            "DELETE a short-form UUID",
            "DELETE",
            "/customers/1-2-3-4-5",
            null,
            400,
            "id: must be a UUID"),
        BadRequest.json(
            "PATCH a customer",
            "PATCH",
            EXISTING,
            VALID,
            405,
            "method PATCH is not allowed on /customers/{id}; allowed: GET, HEAD, PUT, DELETE,"
                + " OPTIONS"));
  }

  private static BadRequest post(String label, String body, String error) {
    return BadRequest.json(label, "POST", "/customers", body, 400, error);
  }

  private static BadRequest put(String label, String body, String error) {
    return BadRequest.json(label, "PUT", EXISTING, body, 400, error);
  }

  /** {@link #VALID} with one field's raw JSON value replaced (or added). */
  private static String body(String field, String rawValue) {
    return VALID.contains("\"" + field + "\"")
        ? BadRequests.withRaw(VALID, field, rawValue)
        : "{\"" + field + "\":" + rawValue + "," + VALID.substring(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void bad_input_is_refused_with_a_json_error_naming_the_field_and_nothing_is_written(
      String label, BadRequest bad) {
    BadRequest request =
        bad.path().startsWith(EXISTING)
            ? new BadRequest(
                bad.label(),
                bad.method(),
                bad.path().replace(EXISTING, existing),
                bad.contentType(),
                bad.body(),
                bad.status(),
                bad.error())
            : bad;
    int customers = fixture.count("customer");
    int events = fixture.count("outbox");

    HttpResponse<String> response = request.send(fixture.http());

    request.assertRefused(response);
    assertThat(fixture.count("customer")).isEqualTo(customers);
    assertThat(fixture.count("outbox")).isEqualTo(events);
    assertThat(HttpTestClient.json(fixture.get(existing)).get("version").asLong()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPreconditions")
  void a_bad_precondition_is_refused_naming_it(
      String label, String method, String ifMatch, String body, String error) {
    int events = fixture.count("outbox");

    HttpResponse<String> response = fixture.send(method, existing, body, "If-Match", ifMatch);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(HttpTestClient.json(response).get("error").asText()).isEqualTo(error);
    assertThat(fixture.count("outbox")).isEqualTo(events);
  }

  static Stream<Arguments> badPreconditions() {
    return Stream.of(
        Arguments.of(
            "If-Match not a version",
            "PUT",
            "\"abc\"",
            VALID,
            "If-Match: must be the version you read, such as \"3\", was '\"abc\"'"),
        Arguments.of(
            "If-Match zero on DELETE",
            "DELETE",
            "0",
            null,
            "If-Match: must be the version you read, such as \"3\", was '0'"),
        Arguments.of(
            "If-Match with a sign",
            "DELETE",
            "+1",
            null,
            "If-Match: must be the version you read, such as \"3\", was '+1'"),
        Arguments.of(
            "If-Match and body disagree",
            "PUT",
            "\"1\"",
            body("version", "2"),
            "version: the body says 2 but If-Match says 1"));
  }
}
