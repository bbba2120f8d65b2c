package dev.outbox.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.outbox.stack.OutboxStack;
import dev.outbox.stack.OutboxStackExtension;
import dev.outbox.testing.AppFixture;
import dev.outbox.testing.MainProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** customer-app's {@code main} as a process: SIGTERM stops it cleanly, with exit 0. */
@ExtendWith(OutboxStackExtension.class)
class StopIT {

  @Test
  void sigterm_stops_the_app_cleanly_with_exit_0(OutboxStack stack) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> env =
        new HashMap<>(
            AppFixture.environment(
                stack, CustomerAppFixture.APP, "stop-it.credit-check", "stop-it.orders", 5));
    env.put("CUSTOMER_APP_HTTP_PORT", Integer.toString(port));
    Path log = Files.createTempFile("customer-app-", ".log");
    Process app = MainProcess.start(CustomerMain.class, env, log);
    try {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest health =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
      await()
          .atMost(Duration.ofMinutes(3))
          .ignoreExceptionsInstanceOf(IOException.class)
          .until(
              () -> http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

      app.destroy(); // SIGTERM

      assertThat(app.waitFor(2, TimeUnit.MINUTES)).as("stopped").isTrue();
      assertThat(app.exitValue()).as(Files.readString(log)).isZero();
      assertThat(Files.readString(log)).contains("CustomerApp - stopped");
    } finally {
      app.destroyForcibly();
    }
  }
}
