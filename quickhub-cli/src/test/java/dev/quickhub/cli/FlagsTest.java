package dev.quickhub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.Call;
import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.report.Vocabulary;
import dev.quickhub.runtime.HostShare;
import dev.quickhub.runtime.HubSpec;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line's words for the core's settings and calls, and the messages it prints. */
class FlagsTest {

  @Test
  void everySettingIsAnOptionOfSomeCommand() {
    Set<String> options = new HashSet<>();
    collectOptions(QuickHubCommand.commandLine(), options);
    for (Setting setting : Setting.values()) {
      // A setting named as the command that sets it ('up --ephemeral') names a real option too.
      String flag = Flags.INSTANCE.setting(setting).replaceAll("^'[a-z]+ (--[a-z-]+)'$", "$1");
      assertThat(options).as(setting.name()).contains(flag);
    }
  }

  @Test
  void everyCallIsACommandLine() {
    for (Call.Command command : Call.Command.values()) {
      String words = Flags.INSTANCE.call(Call.of(command, "demo"));
      assertThat(words).startsWith("'quickhub ").endsWith(" --name demo'");
      String[] args = words.substring("'quickhub ".length(), words.length() - 1).split(" ");
      assertThat(QuickHubCommand.commandLine().parseArgs(args).hasSubcommand()).as(words).isTrue();
    }
    assertThat(Flags.INSTANCE.call(Call.of(Call.Command.BUILD))).isEqualTo("'quickhub build'");
    assertThat(Flags.INSTANCE.call(Call.of(Call.Command.USERS_RESTORE)))
        .isEqualTo("'quickhub users restore'");
  }

  @Test
  void aCoreMessageNamesBuilderMethodsForTheLibraryAndFlagsForTheCommandLine() {
    QuickHubException e = catchQuickHub(() -> HubSpec.builder().tls(false).httpPort(8080).build());
    assertThat(e.getMessage())
        .isEqualTo(
            "HubSpec.Builder.httpPort redirects to HTTPS, so it needs the certificate of"
                + " QuickHub.Builder.tlsFiles, TlsSettings.SELF_SIGNED or TlsSettings.domain.")
        .doesNotContain("--");
    assertThat(Flags.render(e))
        .isEqualTo(
            "--http-port redirects to HTTPS, so it needs --tls-cert, --self-signed or --domain.");

    QuickHubException share = catchQuickHub(() -> HostShare.parse("data"));
    assertThat(share.getMessage()).doesNotContain("--");
    assertThat(Flags.render(share))
        .isEqualTo("'data' is not HOSTDIR:NAME[:ro|rw]; for example --share /data/course:data:ro.");
  }

  @Test
  void aSuggestedCallIsAQuotedCommandLine() {
    Message message =
        Message.of(
            "Hub {} has a container; restore writes only into a hub that is down ({}).",
            "demo",
            Call.of(Call.Command.DOWN, "demo"));
    assertThat(message.render(Flags.INSTANCE))
        .isEqualTo(
            "Hub demo has a container; restore writes only into a hub that is down"
                + " ('quickhub down --name demo').");
    assertThat(message.render(Vocabulary.LIBRARY)).contains("QuickHub.down() for hub 'demo'");
  }

  @Test
  void hubSpecValidationReadsAsBeforeOnTheCommandLine() {
    assertThatThrownBy(AsCli.asCli(() -> HubSpec.builder().port(0).build()))
        .hasMessage("Port 0 is out of range; give --port between 1 and 65535.");
  }

  private static QuickHubException catchQuickHub(Runnable run) {
    try {
      run.run();
    } catch (QuickHubException e) {
      return e;
    }
    throw new AssertionError("no QuickHubException");
  }

  private static void collectOptions(CommandLine commandLine, Set<String> into) {
    commandLine
        .getCommandSpec()
        .options()
        .forEach(option -> into.addAll(Arrays.asList(option.names())));
    commandLine.getSubcommands().values().forEach(sub -> collectOptions(sub, into));
  }
}
