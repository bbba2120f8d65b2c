package dev.outbox.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests on one kept-alive connection are served with Nagle's algorithm off on the server's side
 * of it, so that a response's body does not wait for the client's delayed ACK of its headers.
 *
 * <p>The JDK has no API for the options of a socket its server accepted: the route reads them
 * through the server's internals, which the build opens to the tests ({@code --add-opens
 * jdk.httpserver/sun.net.httpserver}).
 */
class KeptAliveConnectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void every_request_on_a_kept_alive_connection_is_served_with_nagle_off() throws Exception {
    Routes routes =
        Routes.builder()
            .get(
                "/connection",
                request ->
                    Response.json(
                        200,
                        Map.of(
                            "tcpNoDelay", tcpNoDelay(request.exchange()),
                            "clientPort", request.exchange().getRemoteAddress().getPort())))
            .build();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (HttpService http =
            HttpService.builder("test", registry).threads(2).routes(routes).start();
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), http.port())) {
      for (int i = 0; i < 5; i++) {
        JsonNode answer = get(socket, "/connection");
        assertThat(answer.get("clientPort").asInt())
            .as("request %d is served on the same connection", i + 1)
            .isEqualTo(socket.getLocalPort());
        assertThat(answer.get("tcpNoDelay").asBoolean())
            .as("TCP_NODELAY on the server's side of the connection, request %d", i + 1)
            .isTrue();
      }
    } finally {
      registry.close();
    }
  }

  /** TCP_NODELAY of the connection the JDK server serves {@code exchange} on. */
  private static boolean tcpNoDelay(HttpExchange exchange) {
    try {
      Object impl = field(exchange, "impl");
      Object connection = field(impl, "connection");
      SocketChannel channel = (SocketChannel) field(connection, "chan");
      return channel.getOption(StandardSocketOptions.TCP_NODELAY);
    } catch (ReflectiveOperationException | IOException e) {
      throw new IllegalStateException("cannot read the accepted socket's options", e);
    }
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(owner);
  }

  /** One HTTP/1.1 GET on {@code socket}, which stays open; the answer's JSON body. */
  private static JsonNode get(Socket socket, String path) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    String head = readHead(in);
    assertThat(head).startsWith("HTTP/1.1 200");
    int length = -1;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    assertThat(length).as("Content-Length of %s", head).isPositive();
    return JSON.readTree(in.readNBytes(length));
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after " + head);
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}
