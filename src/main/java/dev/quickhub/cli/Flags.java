package dev.quickhub.cli;

import dev.quickhub.report.Call;
import dev.quickhub.report.Setting;
import dev.quickhub.report.Vocabulary;

/** The command line's words for the core's settings and suggested commands: its flags. */
final class Flags implements Vocabulary {

  static final Flags INSTANCE = new Flags();

  private Flags() {}

  @Override
  public String setting(Setting setting) {
    return switch (setting) {
      case NAME -> "--name";
      case PORT -> "--port";
      // Publishing, TLS, forwarding and ephemeral hubs (runtime steps and the facade).
      case HTTP_PORT -> "--http-port";
      case DOMAIN -> "--domain";
      case ACME_EMAIL -> "--acme-email";
      case TLS_CERT -> "--tls-cert";
      case TLS_KEY -> "--tls-key";
      case SELF_SIGNED -> "--self-signed";
      case INSECURE_HTTP -> "--insecure-http";
      case FORWARD -> "--forward";
      case HOST -> "--host";
      // How the command line names the way an ephemeral hub is made.
      case EPHEMERAL -> "'up --ephemeral'";
    };
  }

  @Override
  public String call(Call call) {
    String hub = " --name " + call.hub();
    return "'quickhub "
        + switch (call.command()) {
          case UP -> "up" + hub;
          case DOWN -> "down" + hub;
          case LOGS -> "logs" + hub;
          case DESTROY -> "destroy" + hub;
          case REFRESH_BASE -> "build --refresh-base";
        }
        + "'";
  }
}
