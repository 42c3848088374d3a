package dev.quickhub.cli;

import dev.quickhub.report.Call;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.report.Vocabulary;

/** The command line's words for the core's settings and suggested commands: its flags. */
final class Flags implements Vocabulary {

  static final Flags INSTANCE = new Flags();

  private Flags() {}

  /** The sentence of {@code e} as the command line says it. */
  static String render(QuickHubException e) {
    return e.message().render(INSTANCE);
  }

  @Override
  public String setting(Setting setting) {
    return switch (setting) {
      case NAME -> "--name";
      case PORT -> "--port";
      case BIND -> "--bind";
      case SHARE -> "--share";
      case CPUS -> "--cpus";
      case PIDS -> "--pids";
      case USER_PIDS -> "--user-pids";
      case USER_CPUS -> "--user-cpus";
      case GPUS -> "--gpus";
      case SERVERS -> "--servers";
      case CULL_IDLE -> "--cull-idle";
      case HTTP_PORT -> "--http-port";
      case TLS_CERT -> "--tls-cert";
      case TLS_KEY -> "--tls-key";
      case SELF_SIGNED -> "--self-signed";
      case DOMAIN -> "--domain";
      case ACME_EMAIL -> "--acme-email";
      case ACME_DIRECTORY -> "--acme-directory";
      case ACME_CA -> "--acme-ca";
      case BASE -> "--base";
      case BUILDER_IMAGE -> "--builder-image";
      case PROJECT -> "--project";
      case HOST -> "--host";
      case ACCEPT_NEW_HOST_KEY -> "--accept-new-host-key";
      case NO_INSTALL_ENGINE -> "--no-install-engine";
      case FORCE_RESTORE -> "--force";
      case INSECURE_HTTP -> "--insecure-http";
      case FORWARD -> "--forward";
      case EPHEMERAL -> "'up --ephemeral'";
      case KERNEL_FORCE -> "--force";
      case REGISTRY_USER -> "--registry-user";
      case REGISTRY_CA -> "--registry-ca";
      case INSECURE_REGISTRY -> "--insecure-registry";
    };
  }

  @Override
  public String call(Call call) {
    String words =
        switch (call.command()) {
          case UP -> "up";
          case DOWN -> "down";
          case LOGS -> "logs";
          case DESTROY -> "destroy";
          case REFRESH_BASE -> "build --refresh-base";
          case BUILD -> "build";
          case USERS_LIST -> "users list";
          case USERS_RESTORE -> "users restore";
        };
    return "'quickhub " + words + (call.hub() == null ? "" : " --name " + call.hub()) + "'";
  }
}
