package dev.quickhub.image;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabOverridesTest {

  @TempDir Path dir;

  @Test
  void noFileOrOneObjectPasses() throws IOException {
    Path file = dir.resolve("overrides.json");
    assertThatCode(() -> LabOverrides.check(file)).doesNotThrowAnyException();
    Files.writeString(
        file, "{\"@jupyterlab/apputils-extension:themes\": {\"theme\": \"JupyterLab Dark\"}}\n");
    assertThatCode(() -> LabOverrides.check(file)).doesNotThrowAnyException();
  }

  @Test
  void invalidJsonNamesTheFileAndTheParsersMessage() throws IOException {
    Path file = dir.resolve("overrides.json");
    Files.writeString(file, "{\n  \"a\": {\"theme\": \"Dark\",}\n}\n");
    assertThatThrownBy(() -> LabOverrides.check(file))
        .isInstanceOf(QuickHubException.class)
        .hasMessageStartingWith("The JupyterLab settings defaults " + file + " is not valid JSON (")
        .hasMessageContaining("at line 2, column")
        .hasMessageEndingWith("nothing was built.");
  }

  @Test
  void trailingTextAndNonObjectsAreRefused() throws IOException {
    Path file = dir.resolve("overrides.json");
    Files.writeString(file, "{} {}");
    assertThatThrownBy(() -> LabOverrides.check(file)).hasMessageContaining("not valid JSON");
    Files.writeString(file, "[]");
    assertThatThrownBy(() -> LabOverrides.check(file)).hasMessageContaining("not a JSON object");
    Files.writeString(file, "");
    assertThatThrownBy(() -> LabOverrides.check(file)).hasMessageContaining("not a JSON object");
  }
}
