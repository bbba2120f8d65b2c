package dev.outbox.customer.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outbox.customer.domain.CustomerDetails;
import dev.outbox.customer.domain.Money;
import dev.outbox.service.http.BadRequestException;
import dev.outbox.service.http.JsonFields;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates the body of {@code POST /customers} and {@code PUT /customers/{id}}. */
final class CustomerRequests {

  static final Set<String> FIELDS = Set.of("name", "email", "address", "creditLimit");
  // What a client that read a customer may send back unchanged: not read, except "version" on PUT.
  private static final Set<String> READ_ONLY =
      Set.of("id", "version", "reservedCredit", "createdAt", "updatedAt", "deletedAt");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

  private CustomerRequests() {}

  /** The details of a new or updated customer. */
  static CustomerDetails details(ObjectNode body) {
    JsonFields fields = new JsonFields(body);
    fields.rejectUnknown(FIELDS, READ_ONLY);
    String name = fields.string("name", 200, false);
    String email = fields.string("email", 320, false);
    if (!EMAIL.matcher(email).matches()) {
      throw new BadRequestException("email: must look like name@domain");
    }
    String address = fields.string("address", 500, true);
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
      long version = Long.parseLong(value);
      if (version >= 1) {
        return OptionalLong.of(version);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new BadRequestException(
        "If-Match: must be the version you read, such as \"3\", was '" + header + "'");
  }
}
