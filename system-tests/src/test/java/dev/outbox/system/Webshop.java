package dev.outbox.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** The reference flow's requests the system tests make: a customer, then an order for it. */
final class Webshop {

  private Webshop() {}

  /**
   * {@code POST /customers} of a customer at {@code address} (email from the name); must be 201.
   *
   * @return the customer's id
   */
  static String createCustomer(Http customers, String name, String address, int creditLimit) {
    Http.Answer created =
        customers.post(
            "/customers",
            Map.of(
                "name",
                name,
                "email",
                name.toLowerCase().replace(' ', '.') + "@example.com",
                "address",
                address,
                "creditLimit",
                creditLimit));
    assertThat(created.status()).as("POST /customers %s", created.body()).isEqualTo(201);
    return created.text("id");
  }

  /**
   * {@code POST /orders} of one SKU-1 at 10 for a customer, repeated until order-app's replica
   * knows the customer (422 until then) and it answers 201.
   *
   * @return the order's id
   */
  static String placeOrderWhenReplicated(Http orders, String customerId, Duration within) {
    Map<String, Object> order =
        Map.of(
            "customerId",
            customerId,
            "lines",
            List.of(Map.of("sku", "SKU-1", "quantity", 1, "unitPrice", 10)));
    AtomicReference<Http.Answer> placed = new AtomicReference<>();
    await()
        .atMost(within)
        .until(() -> placed.updateAndGet(a -> orders.post("/orders", order)).status() == 201);
    return placed.get().text("id");
  }
}
