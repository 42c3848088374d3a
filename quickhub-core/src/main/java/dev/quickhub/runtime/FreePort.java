package dev.quickhub.runtime;

import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** A port free on an address of this machine now, for a hub published by a local engine. */
public final class FreePort {

  private FreePort() {}

  public static int on(String bind) {
    try (ServerSocket socket =
        new ServerSocket(0, 1, InetAddress.getByName(HubSpec.requireBind(bind)))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new QuickHubException(
          Message.of(
              "No free port can be had on {} ({}); give one with {}.",
              bind,
              String.valueOf(e.getMessage()),
              Setting.PORT),
          e);
    }
  }
}
