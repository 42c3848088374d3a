package dev.quickhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Options that do not go together are usage errors: exit 2 with the usage, before any work. */
class OptionGroupsTest {

  private final CommandLineRun cli = new CommandLineRun();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--self-signed --domain hub.example.org",
        "--self-signed --no-tls",
        "--domain hub.example.org --no-tls",
        "--tls-cert c.pem --tls-key k.pem --self-signed",
        "--tls-cert c.pem --tls-key k.pem --no-tls",
        "--tls-cert c.pem --tls-key k.pem --domain hub.example.org"
      })
  void twoCertificateSourcesAreAUsageError(String options) {
    String[] args = ("up " + options).split(" ");
    assertThatThrownBy(() -> QuickHubCommand.commandLine().parseArgs(args))
        .isInstanceOf(CommandLine.ParameterException.class);
    assertThat(cli.run(args)).isEqualTo(QuickHubCommand.EXIT_USAGE);
    assertThat(err.toString()).contains("Usage: quickhub up");
  }

  @Test
  void aCertificateNeedsItsKeyAndTheKeyItsCertificate() {
    assertThat(cli.run("up", "--tls-cert", "c.pem")).isEqualTo(QuickHubCommand.EXIT_USAGE);
    assertThat(err.toString()).contains("--tls-key=FILE");
    assertThat(cli.run("up", "--tls-key", "k.pem")).isEqualTo(QuickHubCommand.EXIT_USAGE);
    assertThat(err.toString()).contains("--tls-cert=FILE");
  }

  @Test
  void oneSourceWithItsOptionsParses() {
    for (String options :
        new String[] {
          "--tls-cert c.pem --tls-key k.pem --http-port 8080",
          "--domain hub.example.org --acme-email a@example.org --http-port 8080",
          "--self-signed --insecure-http",
          "--no-tls --insecure-http"
        }) {
      assertThat(QuickHubCommand.commandLine().parseArgs(("up " + options).split(" ")))
          .as(options)
          .isNotNull();
    }
  }

  @Test
  void acmeOptionsWithoutADomainAreAUsageError() {
    assertThat(cli.run("up", "--name", "qh-no-such-hub-for-tests", "--acme-email", "a@example.org"))
        .isEqualTo(QuickHubCommand.EXIT_USAGE);
    assertThat(err.toString())
        .contains("--acme-email, --acme-directory and --acme-ca need --domain")
        .contains("Usage: quickhub up");
  }

  @Test
  void usersStartTakesEitherAllOrNames() {
    assertThat(cli.run("users", "start")).isEqualTo(QuickHubCommand.EXIT_USAGE);
    assertThat(err.toString())
        .contains("Give either --all or user names")
        .contains("Usage: quickhub users start");
    assertThat(cli.run("users", "start", "ann", "--all")).isEqualTo(QuickHubCommand.EXIT_USAGE);
    assertThat(cli.run("users", "start", "--all", "ann")).isEqualTo(QuickHubCommand.EXIT_USAGE);
    assertThat(QuickHubCommand.commandLine().parseArgs("users", "start", "--all")).isNotNull();
    assertThat(QuickHubCommand.commandLine().parseArgs("users", "start", "ann", "bob")).isNotNull();
  }
}
