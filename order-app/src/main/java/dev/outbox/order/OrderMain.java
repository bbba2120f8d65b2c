package dev.outbox.order;

import dev.outbox.service.runtime.ServiceMain;

/** {@code java -jar order-app.jar}: configured by {@code ORDER_APP_*} variables. */
public final class OrderMain {

  private OrderMain() {}

  public static void main(String[] args) throws InterruptedException {
    ServiceMain.run(
        OrderMain.class, OrderAppConfig.SETTINGS, OrderAppConfig::from, OrderApp::start);
  }
}
