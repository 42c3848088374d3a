package dev.quickhub.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MessageTest {

  private static final Vocabulary FLAGS =
      new Vocabulary() {
        @Override
        public String setting(Setting setting) {
          return "--" + setting.name().toLowerCase();
        }

        @Override
        public String call(Call call) {
          return "'" + call.command().name().toLowerCase() + " " + call.hub() + "'";
        }
      };

  @Test
  void namesSettingsAndCallsInTheReadersWords() {
    Message message =
        Message.of(
            "Port {} is in use; choose another with {} or see {}.",
            8000,
            Setting.PORT,
            Call.of(Call.Command.LOGS, "demo"));
    assertEquals(
        "Port 8000 is in use; choose another with --port or see 'logs demo'.",
        message.render(FLAGS));
    assertEquals(
        "Port 8000 is in use; choose another with HubSpec.Builder.port or see QuickHub.logs()"
            + " for hub 'demo'.",
        message.toString());
  }

  @Test
  void plainTextIsKeptAsItIs() {
    assertEquals("a {} b", Message.of("a {} b").render(FLAGS));
    assertEquals("a {} b", new QuickHubException("a {} b").getMessage());
  }

  @Test
  void aTemplateMustHaveOneHolePerPart() {
    assertThrows(IllegalArgumentException.class, () -> Message.of("{} and {}", 1));
  }
}
