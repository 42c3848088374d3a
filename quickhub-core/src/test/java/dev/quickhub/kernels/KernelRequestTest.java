package dev.quickhub.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.QuickHubException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KernelRequestTest {

  @ParameterizedTest
  @ValueSource(strings = {"bad name", "a/b", "Upper", "", "-dash", ".dot", "x;rm"})
  void namesJupyterWouldRejectAreRefusedWithTheRule(String name) {
    assertThatThrownBy(() -> KernelRequest.builder(name).build())
        .isInstanceOf(QuickHubException.class)
        .hasMessage(
            "'"
                + name
                + "' is not a valid kernel name: use 1 to 64 lower-case letters, digits, '.', '_' or"
                + " '-', starting with a letter or digit.");
  }

  @Test
  void longestNameIsSixtyFourCharacters() {
    assertThat(KernelRequest.builder("a".repeat(64)).build().name()).hasSize(64);
    assertThatThrownBy(() -> KernelRequest.builder("a".repeat(65)).build())
        .isInstanceOf(QuickHubException.class);
  }

  @Test
  void aUsersVenvKernelPassesItsPackages() {
    KernelRequest request =
        KernelRequest.builder("sci-2.0_x")
            .forUser("kim")
            .packages(List.of("numpy", "tqdm"))
            .build();
    assertThat(request.helperArgs())
        .containsExactly("venv", "sci-2.0_x", "--packages", "numpy,tqdm");
  }

  @Test
  void everyonesCondaKernelReplacingAnotherWithItsOwnIndex() {
    KernelRequest request =
        KernelRequest.builder("course")
            .kind(KernelRequest.Kind.CONDA)
            .force(true)
            .indexUrl("http://127.0.0.1:8765/simple/")
            .build();
    assertThat(request.user()).isEmpty();
    assertThat(request.helperArgs())
        .containsExactly(
            "conda",
            "course",
            "--system",
            "--force",
            "--index-url",
            "http://127.0.0.1:8765/simple/");
  }
}
