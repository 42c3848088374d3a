package dev.quickhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.QuickHubException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The build daemon's allow-list: the plain builds the wrapper sends it, and nothing else. */
class PlainBuildTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "build",
        "build --name hub",
        "build --name=hub",
        "build --image quick-jupyterhub:latest",
        "build --image=localhost:5000/team/hub:v1.2",
        "build --name hub-2 --image=hub --name=hub.3"
      })
  void acceptsThePlainBuildsOfTheWrapper(String command) {
    List<String> args = List.of(command.split(" "));
    assertThat(PlainBuild.parse(args).args()).isEqualTo(args);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "|The build daemon runs only 'build [--name HUB] [--image TAG]', not ''.",
        "up|not 'up'",
        "Build|not 'Build'",
        "build --base x|'--base' is not one of its options",
        "build --base=x|'--base=x' is not one of its options",
        "build --refresh-base|'--refresh-base' is not one of its options",
        "build --image t --verbose|'--verbose' is not one of its options",
        "build --help|'--help' is not one of its options",
        "build --host=tcp://elsewhere:2375|'--host=tcp://elsewhere:2375' is not one of its options",
        "build extra|'extra' is not one of its options",
        "build --nam hub|'--nam' is not one of its options",
        "build --image|'--image' needs a value.",
        "build --name --base|'--base' is not a valid hub name",
        "build --name @/etc/options|'@/etc/options' is not a valid hub name",
        "build --name=|'' is not a valid hub name",
        "build --image --refresh-base|'--refresh-base' is not a valid image tag",
        "build --image @/etc/options|'@/etc/options' is not a valid image tag",
        "build --image=Upper:case|'Upper:case' is not a valid image tag",
        "build --image hub@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            + "|is not a valid image tag"
      })
  void refusesEverythingElseInOneSentence(String caseAndSentence) {
    String[] parts = caseAndSentence.split("\\|");
    List<String> args = parts[0].isEmpty() ? List.of() : List.of(parts[0].split(" "));
    assertThatThrownBy(() -> PlainBuild.parse(args))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining(parts[1]);
  }
}
