package dev.quickhub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.QuickHub;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.runtime.EphemeralHub;
import dev.quickhub.runtime.HubSpec;
import dev.quickhub.runtime.HubStatus;
import dev.quickhub.system.Dirs;
import dev.quickhub.system.PrivateFile;
import dev.quickhub.tls.AcmeIssuer;
import dev.quickhub.tls.TlsSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    header = "Build the image when needed and start the hub.",
    description = {
      "The first run builds the Debian base (minutes) and the hub image, creates the volumes, starts the"
          + " container and waits until the hub answers. Later runs keep files, accounts, passwords and hub"
          + " state; the container is replaced only when the image or the options changed.",
      ""
    })
final class UpCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;
  @Mixin ImageOptions image;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      converter = PortConverter.class,
      description =
          "Host port of the hub, or auto for a free one (default: the last up's, else "
              + HubSpec.DEFAULT_PORT
              + ").")
  Integer port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description =
          "Host address the port is published on (default: the last up's, else "
              + HubSpec.DEFAULT_BIND
              + ", this machine only). Another"
              + " address is refused while any account still has its default password.")
  String bind;

  @Option(
      names = "--share",
      paramLabel = "HOSTDIR:NAME[:ro|rw]",
      description =
          "Share a folder of the engine's host at /srv/NAME, linked into every home as ~/NAME;"
              + " read-only (for everyone) unless :rw. Repeatable; remembered (--share none: no shares).")
  List<String> shares;

  @Option(
      names = "--cpus",
      paramLabel = "N",
      description = "Limit the whole hub to N CPUs, e.g. 1.5. Remembered; 0: no limit.")
  Double cpus;

  @Option(
      names = "--memory",
      paramLabel = "SIZE",
      description = "Limit the whole hub's memory, e.g. 4g. Remembered; 0: no limit.")
  String memory;

  @Option(
      names = "--user-memory",
      paramLabel = "SIZE",
      description =
          "Limit the memory of each process of a user's server (the server, each kernel), e.g. 2g:"
              + " an allocation past it fails with MemoryError. Remembered; 0: no limit.")
  String userMemory;

  @Option(
      names = "--pids",
      paramLabel = "N",
      description =
          "Limit the whole hub to N processes and threads (a fork bomb stops there). Remembered;"
              + " 0: no limit.")
  Long pids;

  @Option(
      names = "--user-pids",
      paramLabel = "N",
      description =
          "Limit each user to N processes and threads: servers, terminals, runuser (default: "
              + HubSpec.DEFAULT_USER_PIDS
              + "). Counted per uid across the whole host. Remembered; 0: no limit.")
  Integer userPids;

  @Option(
      names = "--cull-idle",
      paramLabel = "MINUTES",
      description = "Stop user servers idle for MINUTES (files are kept). Remembered; 0: never.")
  Integer cullIdle;

  @Option(
      names = "--tls-cert",
      paramLabel = "FILE",
      description =
          "Serve HTTPS with this PEM certificate (chain, leaf first); needs --tls-key. Both are"
              + " checked first, then copied to the hub's srv volume (key mode 0600). Remembered.")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      paramLabel = "FILE",
      description = "The unencrypted PEM private key of --tls-cert.")
  Path tlsKey;

  @Option(
      names = "--self-signed",
      description =
          "Serve HTTPS with a self-signed certificate made here (browsers warn; for quick tests);"
              + " prints its SHA-256 fingerprint. Remembered.")
  boolean selfSigned;

  @Option(
      names = "--domain",
      paramLabel = "NAME",
      description =
          "Serve HTTPS for NAME with a certificate from an ACME server (Let's Encrypt unless"
              + " --acme-directory): NAME must point at this machine and --http-port must be reachable"
              + " as port 80. Renewed by every up and by 'quickhub renew' 30 days before expiry."
              + " Remembered.")
  String domain;

  @Option(
      names = "--acme-email",
      paramLabel = "EMAIL",
      description = "The contact address of the ACME account (expiry warnings). Remembered.")
  String acmeEmail;

  @Option(
      names = "--acme-directory",
      paramLabel = "URL",
      description =
          "Another ACME server's directory URL (default: Let's Encrypt's production directory,"
              + " "
              + AcmeIssuer.LETS_ENCRYPT
              + "). Remembered.")
  String acmeDirectory;

  @Option(
      names = "--acme-ca",
      paramLabel = "FILE",
      description =
          "Trust only the CA certificate(s) in this PEM file for the ACME server's own HTTPS (a"
              + " private or test ACME server). Remembered.")
  Path acmeCa;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description =
          "With HTTPS: also publish plain HTTP on PORT, redirecting to HTTPS and answering ACME"
              + " challenges (default with --domain: 80; otherwise none). Remembered; 0: default.")
  Integer httpPort;

  @Option(
      names = "--insecure-http",
      description =
          "Allow plain HTTP on a non-loopback --bind (passwords cross the network readable)."
              + " Remembered.")
  Boolean insecureHttp;

  @Option(names = "--no-tls", description = "Serve plain HTTP again. Remembered.")
  boolean noTls;

  @Option(
      names = "--forward",
      paramLabel = "LOCALPORT",
      arity = "0..1",
      fallbackValue = "0",
      description =
          "With an ssh:// host: forward LOCALPORT (else a free port) here to the hub over the SSH"
              + " connection and keep it open until Ctrl-C; the hub keeps running afterwards.")
  Integer forward;

  @Option(
      names = "--ephemeral",
      description =
          "A throw-away hub for CI: a new name (qhci-...) unless --name is given, a free port, a user"
              + " 'ci', nothing remembered. Prints one JSON line with name, url, user and an API token;"
              + " 'quickhub down --ephemeral NAME' removes every trace.")
  boolean ephemeral;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description =
          "With --ephemeral: write the JSON line to FILE (mode 0600) instead of printing the token.")
  Path output;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      defaultValue = "180",
      description =
          "How long to wait for the hub to answer before failing (default: ${DEFAULT-VALUE}).")
  int waitSeconds;

  @Override
  public Integer call() throws IOException {
    if (ephemeral) {
      return ephemeral();
    }
    HubSettings remembered = hub.remembered();
    HubSettings settings =
        remembered.overriddenBy(
            new HubSettings(
                port(remembered),
                bind,
                image.base,
                shares,
                cpus,
                memory,
                userMemory,
                pids,
                userPids,
                cullIdle,
                tls()));
    QuickHub quickHub =
        image
            .applyTo(hub.hub(spec.commandLine().getErr()), settings)
            .tls(settings.tls())
            .tlsFiles(tlsCert, tlsKey)
            .port(settings.port() != null ? settings.port() : HubSpec.DEFAULT_PORT)
            .bind(settings.bind() != null ? settings.bind() : HubSpec.DEFAULT_BIND)
            .healthTimeout(Duration.ofSeconds(waitSeconds))
            .spec(settings::applyTo)
            .build();
    HubStatus status = quickHub.up();
    settings.save(Dirs.hubSettings(), hub.name);
    var out = spec.commandLine().getOut();
    out.println("Hub " + status.name() + " is up at " + status.url());
    quickHub.certificate().ifPresent(certificate -> out.println(certificate.summary()));
    StatusPrinter.accounts(out, status.accounts());
    out.flush();
    if (forward != null) {
      return forward(quickHub, status);
    }
    return 0;
  }

  /** Keeps a local port forwarded to the remote hub until the connection ends. */
  private int forward(QuickHub quickHub, HubStatus status) {
    var out = spec.commandLine().getOut();
    URI local = quickHub.forward(URI.create(status.url()), forward);
    out.println(
        "Forwarding "
            + local
            + " to the hub over SSH; press Ctrl-C to stop forwarding (the hub keeps running).");
    out.flush();
    try {
      quickHub.engine().tunnel().orElseThrow().awaitClosed();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
    throw new QuickHubException(
        "The SSH connection closed, so forwarding "
            + local
            + " stopped; the hub keeps running on the remote host.");
  }

  private int ephemeral() throws IOException {
    QuickHub.Builder builder =
        image.applyTo(hub.engine.hub(spec.commandLine().getErr()), HubSettings.none());
    if (spec.commandLine().getParseResult().hasMatchedOption("--name")) {
      builder.name(hub.name);
    }
    // The file exists before the hub, so its token always has a place to go.
    try (OutputStream file = output == null ? null : outputFile()) {
      EphemeralHub made;
      try {
        made =
            builder
                .ephemeral()
                .healthTimeout(Duration.ofSeconds(waitSeconds))
                .build()
                .upEphemeral();
      } catch (RuntimeException e) {
        if (file != null) {
          Files.delete(output);
        }
        throw e;
      }
      ObjectMapper json = new ObjectMapper();
      var out = spec.commandLine().getOut();
      if (file == null) {
        out.println(json.writeValueAsString(made));
      } else {
        file.write((json.writeValueAsString(made) + "\n").getBytes(StandardCharsets.UTF_8));
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("name", made.name());
        shown.put("url", made.url());
        shown.put("user", made.user());
        shown.put("output", output.toString());
        out.println(json.writeValueAsString(shown));
      }
      out.flush();
    }
    return 0;
  }

  private OutputStream outputFile() throws IOException {
    try {
      return PrivateFile.create(output);
    } catch (FileAlreadyExistsException e) {
      throw new QuickHubException(output + " exists already; choose another file with --output.");
    }
  }

  /** The TLS options given this time; null fields keep what is remembered. */
  private TlsSettings tls() {
    int sources = (tlsCert != null || tlsKey != null ? 1 : 0) + (selfSigned ? 1 : 0);
    sources += (domain != null ? 1 : 0) + (noTls ? 1 : 0);
    if (sources > 1) {
      throw new QuickHubException(
          "Give only one of --tls-cert/--tls-key, --self-signed, --domain and --no-tls.");
    }
    if ((acmeEmail != null || acmeDirectory != null || acmeCa != null) && domain == null) {
      HubSettings remembered = hub.remembered();
      if (remembered.tls() == null || !TlsSettings.ACME.equals(remembered.tls().mode())) {
        throw new QuickHubException(
            "--acme-email, --acme-directory and --acme-ca need --domain; give the hub's domain name.");
      }
    }
    String mode =
        tlsCert != null || tlsKey != null
            ? TlsSettings.CERT
            : selfSigned
                ? TlsSettings.SELF_SIGNED
                : domain != null ? TlsSettings.ACME : noTls ? TlsSettings.OFF : null;
    return new TlsSettings(
        mode,
        domain,
        acmeEmail,
        acmeDirectory,
        acmeCa != null ? acmeCa.toAbsolutePath().toString() : null,
        httpPort,
        insecureHttp);
  }

  /** --port as given; auto (-1) picks a port free now on the address the hub is published on. */
  private Integer port(HubSettings remembered) {
    if (port == null || port != PortConverter.AUTO) {
      return port;
    }
    String address =
        bind != null ? bind : remembered.bind() != null ? remembered.bind() : HubSpec.DEFAULT_BIND;
    return HubSpec.freePort(address);
  }

  /** A port number, or auto. */
  static final class PortConverter implements CommandLine.ITypeConverter<Integer> {
    static final int AUTO = -1;

    @Override
    public Integer convert(String value) {
      if (value.equals("auto")) {
        return AUTO;
      }
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a port; give a number between 1 and 65535, or auto.");
      }
    }
  }
}
