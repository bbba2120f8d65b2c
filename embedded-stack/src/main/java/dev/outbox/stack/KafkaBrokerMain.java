package dev.outbox.stack;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs one KRaft broker (controller and broker in one node) as a process of its own, until SIGTERM:
 * {@code java -cp ... dev.outbox.stack.KafkaBrokerMain <data folder> <port> <controller port>}. A
 * folder formatted by an earlier start is used as it is, so the broker can be killed and started
 * again in place with its records and cluster id. Exit status 1: it could not start; 2: bad
 * arguments.
 */
public final class KafkaBrokerMain {

  private KafkaBrokerMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: KafkaBrokerMain <data folder> <port> <controller port>");
      System.exit(2);
    }
    EmbeddedKafkaBroker broker;
    try {
      broker =
          new EmbeddedKafkaBroker(
              Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
    } catch (NumberFormatException e) {
      System.err.println("kafka-broker: ports must be whole numbers: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      broker.start();
    } catch (RuntimeException e) {
      System.err.println("kafka-broker: " + e.getMessage());
      System.exit(1);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  broker.stop();
                  stopped.countDown();
                },
                "kafka-broker-stop"));
    System.out.println("kafka-broker: ready on " + broker.bootstrapServers());
    stopped.await();
  }
}
