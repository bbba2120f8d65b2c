package dev.outbox.customer.store;

import dev.outbox.customer.domain.Customer;
import dev.outbox.customer.store.jooq.tables.records.CustomerRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Maps customer rows to the domain and back. */
final class CustomerRows {

  private CustomerRows() {}

  static Customer toDomain(CustomerRecord r) {
    return new Customer(
        r.getId(),
        r.getName(),
        r.getEmail(),
        r.getAddress(),
        r.getCreditLimit(),
        r.getReservedCredit(),
        r.getVersion(),
        r.getCreatedAt().toInstant(),
        r.getUpdatedAt().toInstant(),
        r.getDeletedAt() == null ? null : r.getDeletedAt().toInstant());
  }

  static void copy(Customer c, CustomerRecord r) {
    r.setId(c.id());
    r.setName(c.name());
    r.setEmail(c.email());
    r.setAddress(c.address());
    r.setCreditLimit(c.creditLimit());
    r.setReservedCredit(c.reservedCredit());
    r.setVersion(c.version());
    r.setCreatedAt(toOffset(c.createdAt()));
    r.setUpdatedAt(toOffset(c.updatedAt()));
    r.setDeletedAt(toOffset(c.deletedAt()));
  }

  static OffsetDateTime toOffset(Instant at) {
    return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
  }
}
