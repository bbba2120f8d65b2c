package dev.outbox.order;

import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/** {@code java -jar order-app.jar}: configured by {@code ORDER_APP_*} variables. */
public final class OrderMain {

  private OrderMain() {}

  public static void main(String[] args) throws InterruptedException {
    OrderAppConfig config;
    try {
      config = OrderAppConfig.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("order-app: " + e.getMessage());
      System.exit(2);
      return;
    }
    OrderApp app;
    try {
      app = OrderApp.start(config);
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(OrderMain.class).error("OrderMain - order-app could not start", e);
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
                "order-app-shutdown"));
    stopped.await();
  }
}
