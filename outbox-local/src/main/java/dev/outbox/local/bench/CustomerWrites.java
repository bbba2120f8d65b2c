package dev.outbox.local.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.outbox.client.event.EventCatalog;
import dev.outbox.client.write.Outbox;
import dev.outbox.customer.domain.Customer;
import dev.outbox.customer.domain.CustomerDetails;
import dev.outbox.customer.domain.CustomerResult;
import dev.outbox.customer.domain.CustomerService;
import dev.outbox.customer.domain.CustomerStates;
import dev.outbox.customer.events.CustomerCreated;
import dev.outbox.customer.events.CustomerEvent;
import dev.outbox.customer.events.CustomerUpdated;
import dev.outbox.customer.store.JooqCustomerTransactions;
import dev.outbox.local.Servers;
import dev.outbox.reference.db.DbLogin;
import dev.outbox.reference.db.ServiceDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.LongConsumer;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * customer-app's own writes, made with its domain, its unit of work and its outbox on a pool of
 * customer-app's login: a customer row and its event in one transaction. The backlog puts many such
 * changes in one transaction (to write it fast); {@link #update} is exactly the transaction of one
 * {@code PUT /customers/{id}}.
 */
final class CustomerWrites implements AutoCloseable {

  /** Every tenth event of the backlog creates a customer; the nine after it update one each. */
  static final int EVENTS_PER_CUSTOMER = 10;

  private final HikariDataSource pool;
  private final JooqCustomerTransactions transactions;
  private final CustomerService service;
  private final Clock clock = Clock.systemUTC();

  CustomerWrites(Servers servers, int connections) {
    DbLogin login = servers.appLogin(ServiceDatabase.CUSTOMERS);
    HikariConfig config = new HikariConfig();
    config.setPoolName("bench-customer-writes");
    config.setJdbcUrl(servers.jdbcUrl(ServiceDatabase.CUSTOMERS));
    config.setUsername(login.user());
    config.setPassword(login.password());
    config.setMaximumPoolSize(connections);
    config.setMinimumIdle(connections);
    pool = new HikariDataSource(config);
    // As CustomerApp wires it.
    Outbox outbox =
        Outbox.builder()
            .register(EventCatalog.of(CustomerEvent.AGGREGATE_TYPE, CustomerEvent.class))
            .clock(clock)
            .build();
    transactions = new JooqCustomerTransactions(DSL.using(pool, SQLDialect.POSTGRES), outbox);
    service = new CustomerService(transactions, clock, UUID::randomUUID);
  }

  /** The customers of a backlog of {@code events}: each gets {@link #EVENTS_PER_CUSTOMER}. */
  static int backlogCustomers(int events) {
    return Math.max(1, (events + EVENTS_PER_CUSTOMER - 1) / EVENTS_PER_CUSTOMER);
  }

  /**
   * Writes {@code events} customer events: event {@code k} is the change number {@code k /
   * customers} of customer {@code k % customers} (its creation first, then updates), {@code
   * perTransaction} of them per transaction, in order.
   *
   * @param progress told the number of events committed so far
   * @return the customers as they are after the last event
   */
  List<Customer> write(int events, int customers, int perTransaction, LongConsumer progress) {
    Customer[] state = new Customer[customers];
    for (int from = 0; from < events; from += perTransaction) {
      int first = from;
      int last = Math.min(events, from + perTransaction);
      transactions.inTransaction(
          work -> {
            for (int k = first; k < last; k++) {
              int i = k % customers;
              long change = k / customers;
              if (state[i] == null) {
                Customer created =
                    Customer.create(UUID.randomUUID(), details(i, change), clock.instant());
                work.insert(created);
                work.append(new CustomerCreated(CustomerStates.of(created)));
                state[i] = created;
              } else {
                Customer next = state[i].update(details(i, change), clock.instant());
                work.update(next);
                work.append(new CustomerUpdated(CustomerStates.of(next)));
                state[i] = next;
              }
            }
            return null;
          });
      progress.accept(last);
      if (Thread.currentThread().isInterrupted()) {
        throw new Pause.BenchInterrupted();
      }
    }
    return new ArrayList<>(List.of(state));
  }

  /**
   * Updates one customer as {@code PUT /customers/{id}} does (lock, update, append, commit).
   *
   * @throws BenchException when customer-app refuses the change
   */
  void update(UUID id, int index, long change) {
    CustomerResult result = service.update(id, details(index, change), OptionalLong.empty());
    if (!(result instanceof CustomerResult.Changed)) {
      throw new BenchException("customer-app refused the update of " + id + ": " + result);
    }
  }

  private static CustomerDetails details(int index, long change) {
    return new CustomerDetails(
        "Bench Customer " + index,
        "customer" + index + "@example.com",
        index + " Benchmark Street, Springfield (change " + change + ")",
        BigDecimal.valueOf(100_000 + change * 100, 2));
  }

  @Override
  public void close() {
    pool.close();
  }
}
