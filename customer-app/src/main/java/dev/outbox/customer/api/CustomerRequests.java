package dev.outbox.customer.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbox.customer.domain.CustomerDetails;
import dev.outbox.customer.domain.Money;
import dev.outbox.service.http.BadRequestException;
import dev.outbox.service.http.Ids;
import dev.outbox.service.http.JsonFields;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads and validates the body of {@code POST /customers} and {@code PUT /customers/{id}}. Text is
 * kept exactly as sent (never trimmed); lengths are in characters.
 */
final class CustomerRequests {

  static final int MAX_NAME = 200;
  static final int MAX_EMAIL = 320;
  static final int MAX_ADDRESS = 500;

  static final Set<String> FIELDS = Set.of("name", "email", "address", "creditLimit");
  // What a client that read a customer may send back on PUT: not read, except "version" (the
  // version it read) and "id" (which must be the path's).
  private static final Set<String> READ_ONLY =
      Set.of("id", "version", "reservedCredit", "createdAt", "updatedAt", "deletedAt");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

  private CustomerRequests() {}

  /** The details of a new customer; what customer-app sets itself must not be sent. */
  static CustomerDetails forCreate(ObjectNode body) {
    JsonFields fields = new JsonFields(body);
    for (String field : new TreeSet<>(READ_ONLY)) {
      if (body.has(field)) {
        throw new BadRequestException(field + ": is set by customer-app; leave it out");
      }
    }
    fields.rejectUnknown(FIELDS, Set.of());
    return details(fields);
  }

  /** The new details of customer {@code id}. */
  static CustomerDetails forUpdate(UUID id, ObjectNode body) {
    JsonFields fields = new JsonFields(body);
    fields.rejectUnknown(FIELDS, READ_ONLY);
    if (fields.has("id")) {
      UUID sent = fields.uuid("id");
      if (!sent.equals(id)) {
        throw new BadRequestException("id: the body says " + sent + " but the path says " + id);
      }
    }
    return details(fields);
  }

  private static CustomerDetails details(JsonFields fields) {
    String name = fields.string("name", MAX_NAME, false);
    String email = fields.string("email", MAX_EMAIL, false);
    if (!EMAIL.matcher(email).matches()) {
      throw new BadRequestException("email: must look like name@domain");
    }
    String address = fields.string("address", MAX_ADDRESS, true);
    return new CustomerDetails(name, email, address, fields.amount("creditLimit", Money.MAX));
  }

  /**
   * The version the client read, from {@code If-Match} and/or the body's {@code version}; both
   * absent means no check.
   */
  static OptionalLong expectedVersion(String ifMatch, ObjectNode body) {
    OptionalLong fromHeader = ifMatch == null ? OptionalLong.empty() : parseIfMatch(ifMatch);
    OptionalLong fromBody =
        body == null ? OptionalLong.empty() : new JsonFields(body).optionalVersion("version");
    if (fromHeader.isPresent()
        && fromBody.isPresent()
        && fromHeader.getAsLong() != fromBody.getAsLong()) {
      throw new BadRequestException(
          "version: the body says "
              + fromBody.getAsLong()
              + " but If-Match says "
              + fromHeader.getAsLong());
    }
    return fromHeader.isPresent() ? fromHeader : fromBody;
  }

  private static OptionalLong parseIfMatch(String header) {
    String value = header.trim();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    try {
      return OptionalLong.of(Ids.parsePositiveLong("If-Match", value));
    } catch (BadRequestException e) {
      throw new BadRequestException(
          "If-Match: must be the version you read, such as \"3\", was '" + header + "'");
    }
  }
}
