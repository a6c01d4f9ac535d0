package io.talus.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A plain socket speaking just enough HTTP/1.1 to see what {@code java.net.http} hides: chunk
 * boundaries, several requests on one connection, when the server closes.
 */
final class RawHttpConnection implements AutoCloseable {

  /** A response head, and its body: whole, or as the chunks it arrived in. */
  record Response(int status, Map<String, List<String>> headers, byte[] body, List<byte[]> chunks) {

    Optional<String> header(String name) {
      List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
      return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private RawHttpConnection(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  static RawHttpConnection open(InetSocketAddress address) throws IOException {
    return open(address, 0);
  }

  /**
   * @param receiveBufferBytes the socket's receive buffer, or 0 for the system's default
   */
  static RawHttpConnection open(InetSocketAddress address, int receiveBufferBytes)
      throws IOException {
    Socket socket = new Socket();
    if (receiveBufferBytes > 0) {
      socket.setReceiveBufferSize(receiveBufferBytes);
    }
    socket.setSoTimeout(5_000);
    socket.connect(address, 5_000);
    return new RawHttpConnection(socket);
  }

  void send(String text) throws IOException {
    send(text.getBytes(StandardCharsets.UTF_8));
  }

  void send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Reads a whole response (head and body). */
  Response readResponse() throws IOException {
    Response head = readHead();
    if (head.status() < 200 || head.status() == 204 || head.status() == 304) {
      return head;
    }
    if (head.header("Transfer-Encoding").filter(te -> te.equalsIgnoreCase("chunked")).isPresent()) {
      List<byte[]> chunks = new ArrayList<>();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      byte[] chunk;
      while ((chunk = readChunk()) != null) {
        chunks.add(chunk);
        body.write(chunk);
      }
      return new Response(head.status(), head.headers(), body.toByteArray(), chunks);
    }
    int length = Integer.parseInt(head.header("Content-Length").orElseThrow());
    return new Response(head.status(), head.headers(), in.readNBytes(length), List.of());
  }

  /** Reads a status line and headers; the body, if any, is left unread. */
  Response readHead() throws IOException {
    String statusLine = readLine();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new IOException("not a status line: " + statusLine);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    String line;
    while (!(line = readLine()).isEmpty()) {
      int colon = line.indexOf(':');
      headers
          .computeIfAbsent(
              line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(line.substring(colon + 1).trim());
    }
    return new Response(Integer.parseInt(parts[1]), headers, new byte[0], List.of());
  }

  /** The data of the next chunk as it was framed on the wire, or null at the last chunk. */
  byte[] readChunk() throws IOException {
    String sizeLine = readLine();
    int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
    if (size == 0) {
      while (!readLine().isEmpty()) {
        // trailers
      }
      return null;
    }
    byte[] data = in.readNBytes(size);
    if (data.length < size) {
      throw new EOFException("chunk cut short");
    }
    String end = readLine();
    if (!end.isEmpty()) {
      throw new IOException("chunk of " + size + " bytes not followed by CRLF");
    }
    return data;
  }

  /** Whether the server has closed its side: the next read finds the end of the stream. */
  boolean serverClosed() throws IOException {
    try {
      return in.read() == -1;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b == -1) {
        throw new EOFException("connection closed mid-line: " + line);
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = line.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      previous = b;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
