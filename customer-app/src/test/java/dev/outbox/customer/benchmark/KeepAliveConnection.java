package dev.outbox.customer.benchmark;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection kept alive for every request a load worker sends: what a client's pool
 * holds, without a client library's own costs in the figures. Each request is one write; the answer
 * is read up to its {@code Content-Length}. Used by one thread at a time.
 */
final class KeepAliveConnection implements AutoCloseable {

  /** The status of an answer and its {@code Location} header (null when absent). */
  record Answer(int status, String location) {}

  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final byte[] host;

  KeepAliveConnection(int port) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    // A client sends each request whole, in one write: Nagle's algorithm has nothing to merge.
    socket.setTcpNoDelay(true);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    host = ("Host: 127.0.0.1:" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** A request without a body: {@code GET}, {@code OPTIONS}. */
  Answer send(String method, String path) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream(128);
    request.writeBytes((method + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
    request.writeBytes(host);
    request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return exchange(request);
  }

  Answer postJson(String path, byte[] body) throws IOException {
    ByteArrayOutputStream request = new ByteArrayOutputStream(256 + body.length);
    request.writeBytes(("POST " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
    request.writeBytes(host);
    request.writeBytes(
        ("Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    request.writeBytes(body);
    return exchange(request);
  }

  private Answer exchange(ByteArrayOutputStream request) throws IOException {
    request.writeTo(out);
    out.flush();
    String head = readHead();
    int status = Integer.parseInt(head.substring(9, 12));
    long length = -1;
    String location = null;
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      if (name.equals("content-length")) {
        length = Long.parseLong(line.substring(colon + 1).trim());
      } else if (name.equals("location")) {
        location = line.substring(colon + 1).trim();
      } else if (name.equals("transfer-encoding")) {
        throw new IOException("a chunked answer: the server is to send Content-Length");
      }
    }
    if (length < 0) {
      throw new IOException("an answer without Content-Length: " + head);
    }
    in.skipNBytes(length);
    return new Answer(status, location);
  }

  private String readHead() throws IOException {
    StringBuilder head = new StringBuilder(256);
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the server closed the connection after: " + head);
      }
      head.append((char) b);
      boolean cr = matched % 2 == 0;
      matched = b == (cr ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
