package dev.quickhub.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Whether a socket answers the Docker API: {@code GET /_ping} gives "OK" with an Api-Version. */
final class DockerPing {

  private static final byte[] PING =
      "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private DockerPing() {}

  static boolean answers(InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(address, 2000);
      socket.setSoTimeout(3000);
      socket.getOutputStream().write(PING);
      return isEngine(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return false;
    }
  }

  static boolean answers(Path unixSocket) throws IOException {
    try (SocketChannel socket = SocketChannel.open(UnixDomainSocketAddress.of(unixSocket))) {
      Channels.newOutputStream(socket).write(PING);
      return isEngine(
          new String(Channels.newInputStream(socket).readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static boolean isEngine(String response) {
    String[] headAndBody = response.split("\r\n\r\n", 2);
    return headAndBody.length == 2
        && headAndBody[0].startsWith("HTTP/1.")
        && headAndBody[0].toLowerCase().contains("\r\napi-version: ")
        && headAndBody[1].equals("OK");
  }
}
