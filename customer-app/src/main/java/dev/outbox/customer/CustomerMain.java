package dev.outbox.customer;

import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/** {@code java -jar customer-app.jar}: configured by {@code CUSTOMER_APP_*} variables. */
public final class CustomerMain {

  private CustomerMain() {}

  public static void main(String[] args) throws InterruptedException {
    CustomerAppConfig config;
    try {
      config = CustomerAppConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("customer-app: " + e.getMessage());
      System.exit(2);
      return;
    }
    CustomerApp app;
    try {
      app = CustomerApp.start(config);
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(CustomerMain.class)
          .error("CustomerMain - customer-app could not start", e);
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  app.close();
                  stopped.countDown();
                },
                "customer-app-shutdown"));
    stopped.await();
  }
}
