package dev.quickhub.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.QuickHub;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.runtime.EphemeralHub;
import dev.quickhub.runtime.FreePort;
import dev.quickhub.runtime.HubSpec;
import dev.quickhub.runtime.HubStatus;
import dev.quickhub.runtime.Servers;
import dev.quickhub.system.Dirs;
import dev.quickhub.system.PrivateFile;
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
  @Mixin TlsOptions tls;

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
          "Limit a user's memory, e.g. 2g: with --servers process each process of their server"
              + " (the server, each kernel), where an allocation past it fails with MemoryError;"
              + " with --servers container their whole container, swap included, where the"
              + " kernel's OOM killer ends only their work. Remembered; 0: no limit.")
  String userMemory;

  @Option(
      names = "--user-cpus",
      paramLabel = "N",
      description =
          "With --servers container: limit each user's container to N CPUs, e.g. 0.5."
              + " Remembered; 0: no limit.")
  Double userCpus;

  @Option(
      names = "--gpus",
      paramLabel = "all|N",
      description =
          "With --servers container: give each user's container all GPUs or N of them (the"
              + " engine needs a GPU runtime such as NVIDIA's). Remembered; 0 or none: no GPUs.")
  String gpus;

  @Option(
      names = "--servers",
      paramLabel = "process|container",
      converter = ServersConverter.class,
      description =
          "Run users' servers as processes in the hub (default, fastest) or each in its own"
              + " container, where --user-memory, --user-cpus and --user-pids are the container's"
              + " limits. Remembered.")
  Servers servers;

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
                tls.given(remembered.tls(), spec),
                servers,
                userCpus,
                gpus));
    QuickHub quickHub =
        image
            .applyTo(hub.hub(spec.commandLine().getErr()), settings)
            .tls(settings.tls())
            .tlsFiles(tls.cert(), tls.key())
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

  /** --port as given; auto (-1) picks a port free now on the address the hub is published on. */
  private Integer port(HubSettings remembered) {
    if (port == null || port != PortConverter.AUTO) {
      return port;
    }
    String address =
        bind != null ? bind : remembered.bind() != null ? remembered.bind() : HubSpec.DEFAULT_BIND;
    return FreePort.on(address);
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
