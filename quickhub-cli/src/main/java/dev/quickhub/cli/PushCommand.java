package dev.quickhub.cli;

import dev.quickhub.image.PushedImage;
import dev.quickhub.image.RegistryTarget;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.system.Dirs;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    header = "Send the hub image straight to a registry with Jib; the engine is not involved.",
    description = {
      "Builds the same image as 'build' (the same layers, the same image id) and sends it to the"
          + " registry REF names, without the engine: no image with REF's tag appears in it. Jib"
          + " asks the registry for each layer first and sends only those it lacks, so a push"
          + " after a change to the hub folder sends the changed layer and the image's config.",
      "",
      "Credentials: --registry-user with the password on stdin (--password-stdin; never on the"
          + " command line), else those of the Docker config file (DOCKER_CONFIG/config.json, else"
          + " ~/.docker/config.json, as 'docker login' writes it) and the credential helpers it"
          + " names.",
      "",
      "TLS: the registry's certificate must be trusted by the system's CAs, or by the CA of"
          + " --registry-ca (a private registry). --insecure-registry accepts plain HTTP or any"
          + " certificate, for a test registry; credentials are never sent over plain HTTP, where"
          + " anyone on the way could read them, and with --insecure-registry none are sent"
          + " (--registry-user is refused) unless the registry is on loopback (localhost,"
          + " 127.0.0.1, [::1]).",
      "",
      "Prints the digest reference (REF@sha256:...), which names exactly this image, and remembers"
          + " it for the hub (as 'export z2jh' uses it). The base and hub folder are found as"
          + " for 'build'.",
      ""
    })
final class PushCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;
  @Mixin SourceOptions sources;

  @Parameters(
      index = "0",
      paramLabel = "REF",
      description =
          "Where to push: [REGISTRY/]NAME[:TAG], e.g. registry.example.org/course/hub:2026"
              + " (no digest).")
  String reference;

  @Option(
      names = "--registry-user",
      paramLabel = "USER",
      description = "Log in to the registry as USER, with the password read from stdin.")
  String user;

  @Option(
      names = "--password-stdin",
      description =
          "Read the registry password from the first line of stdin (with --registry-user).")
  boolean passwordStdin;

  @Option(
      names = "--registry-ca",
      paramLabel = "FILE",
      description =
          "Trust the CA certificate in this PEM file for the registry, besides the system's CAs.")
  Path ca;

  @Option(
      names = "--insecure-registry",
      description =
          "Accept plain HTTP or a certificate nobody trusted (a test registry); credentials are"
              + " still never sent over plain HTTP, and sent at all only to a registry on"
              + " loopback.")
  boolean insecure;

  @Override
  public Integer call() {
    if (user != null && !passwordStdin) {
      throw new ParameterException(
          spec.commandLine(),
          "--registry-user needs --password-stdin: the password is read from stdin only.");
    }
    if (passwordStdin && user == null) {
      throw new ParameterException(
          spec.commandLine(), "--password-stdin needs --registry-user: whose password is it?");
    }
    try {
      RegistryTarget.parse(reference);
    } catch (QuickHubException e) {
      throw new ParameterException(spec.commandLine(), Flags.render(e));
    }
    RegistryTarget.Builder target = RegistryTarget.builder(reference).insecure(insecure).ca(ca);
    if (user != null) {
      try {
        // Refused before the password is read.
        RegistryTarget.builder(reference).insecure(insecure).credential(user, "").build();
      } catch (QuickHubException e) {
        throw new ParameterException(spec.commandLine(), Flags.render(e));
      }
      target.credential(user, UsersCommand.PasswordSource.firstLineOfStdin());
    }
    HubSettings remembered = hub.remembered();
    PushedImage pushed =
        sources
            .applyTo(hub.hub(spec.commandLine().getErr()), remembered)
            .build()
            .push(target.build());
    // Read again: another command may have changed the hub's settings meanwhile.
    hub.remembered().withPushedImage(pushed.digestReference()).save(Dirs.hubSettings(), hub.name);
    spec.commandLine().getOut().println(pushed.digestReference());
    return 0;
  }
}
