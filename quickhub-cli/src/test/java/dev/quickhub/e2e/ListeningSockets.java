package dev.quickhub.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The TCP ports this JVM listens on, read from Linux's /proc (the launcher runs in-process). */
final class ListeningSockets {

  private static final String LISTEN = "0A";

  private ListeningSockets() {}

  /** Where to connect to each listening socket of this process (loopback for a wildcard one). */
  static List<InetSocketAddress> ofThisJvm() throws IOException {
    Set<String> inodes = socketInodes();
    List<InetSocketAddress> listening = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.trim().split("\\s+");
        if (fields[3].equals(LISTEN) && inodes.contains(fields[9])) {
          listening.add(address(fields[1]));
        }
      }
    }
    return listening;
  }

  private static Set<String> socketInodes() throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException e) {
          // Closed since it was listed.
        }
      }
    }
    return inodes;
  }

  /** {@code 0100007F:1F90}: the address in 32-bit words of host (little-endian) order, the port. */
  private static InetSocketAddress address(String field) throws IOException {
    String[] parts = field.split(":");
    byte[] words = HexFormat.of().parseHex(parts[0]);
    byte[] bytes = new byte[words.length];
    for (int i = 0; i < words.length; i++) {
      bytes[i] = words[i - i % 4 + 3 - i % 4];
    }
    InetAddress address = InetAddress.getByAddress(bytes);
    if (address.isAnyLocalAddress()) {
      address = InetAddress.getByAddress(bytes.length == 4 ? new byte[] {127, 0, 0, 1} : loop6());
    }
    return new InetSocketAddress(address, Integer.parseInt(parts[1], 16));
  }

  private static byte[] loop6() {
    byte[] loopback = new byte[16];
    loopback[15] = 1;
    return loopback;
  }
}
