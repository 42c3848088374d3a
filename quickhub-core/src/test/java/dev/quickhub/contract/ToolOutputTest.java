package dev.quickhub.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.quickhub.report.Call;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.report.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading an image tool's JSON lines (image/lib/quickhub_tool.py), without an engine. */
class ToolOutputTest {

  /** A caller's own words, to show which parts the message left to it. */
  private static final Vocabulary WORDS =
      new Vocabulary() {
        @Override
        public String setting(Setting setting) {
          return "<" + setting + ">";
        }

        @Override
        public String call(Call call) {
          return "<" + call.command().name().toLowerCase().replace('_', ' ') + ">";
        }
      };

  private final List<String> progress = new ArrayList<>();
  private final ToolOutput output = new ToolOutput("quickhub-users", progress::add, false);

  @Test
  void progressGoesOnAtOnceAndTheFinalLineIsTheResult() {
    output.accept("{\"progress\": \"started ann (1/2)\"}\n");
    assertThat(progress).containsExactly("started ann (1/2)");
    output.accept("{\"ok\": true, \"result\": {\"passwords\": {\"ann\": \"x-1\"}}}\n");

    var result = output.answer(0, "");

    assertThat(
            ImageTool.read(result.path("passwords"), new TypeReference<Map<String, String>>() {}))
        .containsExactly(Map.entry("ann", "x-1"));
  }

  @Test
  void linesSplitAnywhereAreJoined() {
    output.accept("{\"progr");
    output.accept("ess\": \"a\"}\n{\"progress\": \"b\"}\n{\"ok\": tr");
    output.accept("ue, \"result\": [1, 2]}");

    assertThat(output.answer(0, "").size()).isEqualTo(2);
    assertThat(progress).containsExactly("a", "b");
  }

  @Test
  void anErrorLineIsThrownAsItsSentenceWithStderrOnlyAsTheCause() {
    output.accept("{\"ok\": false, \"error\": \"There is no user 'x'; list the accounts.\"}\n");

    assertThatThrownBy(() -> output.answer(1, "quickhub-users: There is no user 'x'.\n"))
        .isInstanceOf(QuickHubException.class)
        .hasMessage("There is no user 'x'; list the accounts.")
        .cause()
        .hasMessageContaining("quickhub-users wrote on stderr");
  }

  @Test
  void aSentenceThatPointsAtACommandIsNamedInTheReadersWords() {
    output.accept(
        "{\"ok\": false, \"error\": \"There is no user 'x'; 'quickhub users list' shows the"
            + " accounts.\", \"template\": \"There is no user 'x'; {} shows the accounts.\","
            + " \"see\": [\"users list\"]}\n");

    assertThatThrownBy(() -> output.answer(1, ""))
        .isInstanceOf(QuickHubException.class)
        .hasMessage("There is no user 'x'; QuickHub.accounts() shows the accounts.")
        .satisfies(
            e ->
                assertThat(((QuickHubException) e).message().render(WORDS))
                    .isEqualTo("There is no user 'x'; <users list> shows the accounts."));
  }

  @Test
  void aPointerThisLauncherDoesNotKnowLeavesTheSentenceAsTheToolWroteIt() {
    output.accept(
        "{\"ok\": false, \"error\": \"see 'quickhub new'.\", \"template\": \"see {}.\","
            + " \"see\": [\"new\"]}\n");

    assertThatThrownBy(() -> output.answer(1, "")).hasMessage("see 'quickhub new'.");
  }

  @Test
  void onlyTheFirstAnswerCountsAndNothingMayFollowIt() {
    output.accept("{\"ok\": false, \"error\": \"The kernel exists.\"}\n");
    output.accept("{\"ok\": true, \"result\": \"forged\"}\n");

    assertThatThrownBy(() -> output.answer(1, ""))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("wrote more after its answer, so its answer is not used");
  }

  @Test
  void aSuccessWithAFailedExitIsNoSuccess() {
    output.accept("{\"ok\": true, \"result\": []}\n");

    assertThatThrownBy(() -> output.answer(3, ""))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("said it succeeded but exited with code 3");
  }

  @Test
  void anEndlessLineIsDroppedAndFailsTheAnswer() {
    output.accept("x".repeat(ToolOutput.MAX_LINE + 1));
    output.accept("{\"ok\": true, \"result\": []}\n");

    assertThatThrownBy(() -> output.answer(0, ""))
        .hasMessageContaining("wrote a line longer than 1 MiB");
  }

  @Test
  void whatAToolRunAsAUserSaysCannotRewriteTheTerminal() {
    ToolOutput user = new ToolOutput("quickhub-kernel", progress::add, true);
    user.accept("{\"progress\": \"pip \\u001b]52;c;aGk=\\u0007\"}\n");
    user.accept("{\"ok\": true, \"result\": [{\"name\": \"k\\u001b[2J\"}]}\n");

    var result = user.answer(0, "");

    assertThat(progress).containsExactly("pip \\u001b]52;c;aGk=\\u0007");
    assertThat(result.get(0).get("name").asText()).isEqualTo("k\\u001b[2J");
  }

  @Test
  void aUsersToolThatSaysItFailedUnexpectedlyIsAnOrdinaryRefusal() {
    ToolOutput user = new ToolOutput("quickhub-kernel", progress::add, true);
    user.accept("{\"ok\": false, \"error\": \"Everything is fine\\u001b[8m\"}\n");

    assertThatThrownBy(() -> user.answer(ToolOutput.UNEXPECTED, ""))
        .isInstanceOf(QuickHubException.class)
        .hasMessage("Everything is fine\\u001b[8m");
  }

  @Test
  void anUnexpectedFailureIsNotAQuickHubException() {
    output.accept(
        "{\"ok\": false, \"error\": \"quickhub-users failed unexpectedly (KeyError).\"}\n");

    assertThatThrownBy(() -> output.answer(ToolOutput.UNEXPECTED, "Traceback ...\nKeyError: 'x'"))
        .isInstanceOf(IllegalStateException.class)
        .isNotInstanceOf(QuickHubException.class)
        .hasMessageContaining("failed unexpectedly")
        .cause()
        .hasMessageContaining("KeyError: 'x'");
  }

  @Test
  void noFinalLineSaysTheToolGaveNoAnswer() {
    output.accept("bob,old-style-output\n");

    assertThatThrownBy(() -> output.answer(1, ""))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("quickhub-users in the hub gave no answer (exit code 1)")
        .hasNoCause();
    assertThat(progress)
        .as("text that is not JSON is passed on")
        .containsExactly("bob,old-style-output");
  }

  @Test
  void otherKindsOfJsonLinesAreSkipped() {
    output.accept("{\"name\": \"ann\", \"uid\": 1000}\n{\"ok\": true, \"result\": null}\n");

    assertThat(output.answer(0, "").isNull()).isTrue();
    assertThat(progress).isEmpty();
  }

  @Test
  void aResultOfAnotherFormIsRefusedWithASentence() {
    output.accept("{\"ok\": true, \"result\": {\"passwords\": [\"ann\"]}}\n");
    var result = output.answer(0, "");

    assertThatThrownBy(
            () ->
                ImageTool.read(
                    result.path("passwords"), new TypeReference<Map<String, String>>() {}))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("answered in a form this quickhub cannot read");
    assertThatThrownBy(
            () -> ImageTool.read(result.path("missing"), new TypeReference<List<String>>() {}))
        .isInstanceOf(QuickHubException.class);
  }
}
