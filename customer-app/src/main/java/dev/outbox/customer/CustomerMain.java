package dev.outbox.customer;

import dev.outbox.service.runtime.ServiceMain;

/** {@code java -jar customer-app.jar}: configured by {@code CUSTOMER_APP_*} variables. */
public final class CustomerMain {

  private CustomerMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceMain.run(
        CustomerMain.class,
        CustomerAppConfig.SETTINGS,
        CustomerAppConfig::from,
        CustomerApp::start);
  }
}
