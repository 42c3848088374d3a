package dev.quickhub.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.report.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublishingStepTest {

  private static final HubSpec LOOPBACK = HubSpec.builder().name("course").build();
  private static final HubSpec PUBLIC = HubSpec.builder().name("course").bind("0.0.0.0").build();

  @Test
  void plainHttpIsFineOnLoopbackOnly() {
    assertThatCode(() -> PublishingStep.requireHttps(LOOPBACK)).doesNotThrowAnyException();
    assertThatThrownBy(() -> PublishingStep.requireHttps(PUBLIC))
        .isInstanceOf(QuickHubException.class)
        .hasMessageStartingWith(
            "Refusing to publish hub course on 0.0.0.0 over plain HTTP, where passwords cross the"
                + " network readable");
  }

  @Test
  void aPublicAddressIsFineWithHttpsOrPlainHttpAskedFor() {
    assertThatCode(() -> PublishingStep.requireHttps(PUBLIC.toBuilder().tls(true).build()))
        .doesNotThrowAnyException();
    assertThatCode(() -> PublishingStep.requireHttps(PUBLIC.toBuilder().insecureHttp(true).build()))
        .doesNotThrowAnyException();
  }

  @Test
  void theRefusalNamesSettingsNotFlags() {
    QuickHubException refused =
        catchThrowableOfType(() -> PublishingStep.requireHttps(PUBLIC), QuickHubException.class);
    String library = refused.message().render(Vocabulary.LIBRARY);
    assertThat(library).doesNotContain("--").contains(Setting.DOMAIN.inLibrary());
  }

  @Test
  void onlyAPublicHubHasItsAccountsChecked() {
    assertThat(PublishingStep.needsAccountCheck(LOOPBACK)).isFalse();
    assertThat(PublishingStep.needsAccountCheck(PUBLIC)).isTrue();
  }

  @Test
  void defaultPasswordsAreRefusedByName() {
    assertThatCode(() -> PublishingStep.refuseDefaultPasswords(PUBLIC, List.of()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> PublishingStep.refuseDefaultPasswords(PUBLIC, List.of("admin", "bob")))
        .isInstanceOf(QuickHubException.class)
        .hasMessage(
            "Refusing to publish hub course on 0.0.0.0 while admin, bob still use the default"
                + " password; change them first (or keep the default loopback bind).");
  }

  @Test
  void aForwardIsRefusedWhileADefaultPasswordIsLeft() {
    assertThatCode(() -> PublishingStep.refuseForward(LOOPBACK, List.of()))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> PublishingStep.refuseForward(LOOPBACK, List.of("admin")))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("Refusing to forward hub course")
        .hasMessageContaining("while admin still use the default password");
  }
}
