package dev.quickhub.remote;

import com.jcraft.jsch.ChannelDirectStreamLocal;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A remote engine's socket offered on this machine as a Unix socket (mode 0600) in a directory of
 * its own (mode 0700); each connection to it goes over its own SSH channel to the socket on the
 * remote host. There is no TCP port: no other local user can reach the remote engine, which is root
 * on that host.
 */
final class EngineSocket implements Closeable {

  private static final int OPEN_TIMEOUT_MILLIS = 15_000;

  private final Session session;
  private final String remoteSocket;
  private final Path dir;
  private final Path socket;
  private final ServerSocketChannel server;

  private EngineSocket(
      Session session, String remoteSocket, Path dir, Path socket, ServerSocketChannel server) {
    this.session = session;
    this.remoteSocket = remoteSocket;
    this.dir = dir;
    this.socket = socket;
    this.server = server;
  }

  /** Listens on a new private socket that leads to {@code remoteSocket} over {@code session}. */
  static EngineSocket open(Session session, String remoteSocket) throws IOException {
    Path dir =
        Files.createTempDirectory(
            "quickhub-ssh-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path socket = dir.resolve("engine.sock");
    // Also gone when the JVM ends without close (Ctrl-C during up --forward); the last registered
    // is deleted first.
    dir.toFile().deleteOnExit();
    socket.toFile().deleteOnExit();
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      server.close();
      Files.deleteIfExists(socket);
      Files.delete(dir);
      throw e;
    }
    EngineSocket engine = new EngineSocket(session, remoteSocket, dir, socket, server);
    Thread accepting = new Thread(engine::accept, "quickhub-engine-socket");
    accepting.setDaemon(true);
    accepting.start();
    return engine;
  }

  /** The local socket's path. */
  Path path() {
    return socket;
  }

  private void accept() {
    while (true) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        relay(client);
      } catch (JSchException e) {
        // The SSH connection is gone: the client sees its connection end.
        closeQuietly(client);
      }
    }
  }

  /** jsch copies both ways on its own threads and closes the client when the channel ends. */
  private void relay(SocketChannel client) throws JSchException {
    ChannelDirectStreamLocal channel =
        (ChannelDirectStreamLocal) session.openChannel("direct-streamlocal@openssh.com");
    channel.setSocketPath(remoteSocket);
    channel.setInputStream(input(client));
    channel.setOutputStream(output(client));
    channel.connect(OPEN_TIMEOUT_MILLIS);
  }

  // Not Channels.newInputStream/newOutputStream: on Java 17 their reads and writes share one lock,
  // so a read waiting for the engine would block every write to it.
  private static InputStream input(SocketChannel client) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] bytes, int offset, int length) throws IOException {
        return length == 0 ? 0 : client.read(ByteBuffer.wrap(bytes, offset, length));
      }

      @Override
      public void close() throws IOException {
        client.close();
      }
    };
  }

  private static OutputStream output(SocketChannel client) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
          client.write(buffer);
        }
      }

      @Override
      public void close() throws IOException {
        client.close();
      }
    };
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // Already closed or broken: nothing left to release.
    }
  }

  /** Stops listening and removes the socket and its directory. */
  @Override
  public void close() throws IOException {
    server.close();
    Files.deleteIfExists(socket);
    Files.deleteIfExists(dir);
  }
}
