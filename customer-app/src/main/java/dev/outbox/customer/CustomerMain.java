package dev.outbox.customer;

import dev.outbox.service.runtime.ServiceMain;

/** {@code java -jar customer-app.jar}: configured by {@code CUSTOMER_APP_*} variables. */
public final class CustomerMain {

  private CustomerMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceMain.run(
        "customer-app", CustomerMain.class, CustomerAppConfig::fromEnvironment, CustomerApp::start);
  }
}
