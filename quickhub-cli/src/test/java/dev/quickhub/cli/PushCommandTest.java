package dev.quickhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.image.RegistryTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** push's usage errors, found before any build or registry call. */
class PushCommandTest {

  private final CommandLineRun cli = new CommandLineRun();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "registry.example.org/hub@sha256:0000000000000000000000000000000000000000000000000000000000000000",
        "Registry.Example.org/UPPER/hub:1",
        "registry.example.org/hub:bad tag",
        "scratch"
      })
  void aReferenceToPushToIsCheckedFirst(String reference) {
    assertThat(cli.run("push", reference)).isEqualTo(QuickHubCommand.EXIT_USAGE);
    assertThat(cli.err.toString())
        .contains("'" + reference + "' is not a reference to push to; give [REGISTRY/]NAME[:TAG]")
        .contains("Usage: quickhub push");
  }

  @Test
  void aUserNeedsThePasswordOnStdinAndTheOtherWayRound() {
    assertThat(cli.run("push", "registry.example.org/hub:1", "--registry-user", "teacher"))
        .isEqualTo(QuickHubCommand.EXIT_USAGE);
    assertThat(cli.err.toString())
        .contains("--registry-user needs --password-stdin: the password is read from stdin only.");
    assertThat(cli.run("push", "registry.example.org/hub:1", "--password-stdin"))
        .isEqualTo(QuickHubCommand.EXIT_USAGE);
    assertThat(cli.err.toString()).contains("--password-stdin needs --registry-user");
  }

  @Test
  void credentialsWithAnInsecureRegistryOnlyOnLoopback() {
    assertThat(
            cli.run(
                "push",
                "registry.example.org/hub:1",
                "--insecure-registry",
                "--registry-user",
                "teacher",
                "--password-stdin"))
        .isEqualTo(QuickHubCommand.EXIT_USAGE);
    assertThat(cli.err.toString())
        .contains(
            "Credentials are not sent to registry.example.org with --insecure-registry: its"
                + " certificate would not be checked")
        .contains("--registry-ca");
    assertThat(RegistryTarget.isLoopback("localhost:5000")).isTrue();
    assertThat(RegistryTarget.isLoopback("127.0.0.1:5000")).isTrue();
    assertThat(RegistryTarget.isLoopback("[::1]:5000")).isTrue();
    assertThat(RegistryTarget.isLoopback("127.0.0.1.example.org")).isFalse();
    assertThat(RegistryTarget.isLoopback("localhost.example.org")).isFalse();
  }

  @Test
  void helpExplainsCredentialsTlsAndTheDigest() {
    assertThat(cli.run("push", "--help")).isZero();
    // Words as a reader sees them, whatever the line breaks.
    assertThat(cli.out.toString().replaceAll("\\s+", " "))
        .contains("--registry-user")
        .contains("--password-stdin")
        .contains("--registry-ca")
        .contains("--insecure-registry")
        .contains("REF@sha256:")
        .contains("never sent over plain HTTP")
        .contains("unless the registry is on loopback")
        .contains("config.json");
  }
}
