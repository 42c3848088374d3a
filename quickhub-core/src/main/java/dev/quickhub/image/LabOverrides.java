package dev.quickhub.image;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A hub folder's {@code jupyterlab/overrides.json}, checked before it goes into an image:
 * JupyterLab skips an overrides file it cannot parse with no more than a line in each user's server
 * log, so a typo would silently give every user the stock settings.
 */
public final class LabOverrides {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private LabOverrides() {}

  /** Refuses {@code file} unless it is absent or one JSON object. */
  public static void check(Path file) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    JsonNode json;
    try {
      json = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw refused(
          file,
          "is not valid JSON ("
              + e.getOriginalMessage()
              + (at != null ? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : "")
              + ")");
    } catch (IOException e) {
      throw refused(file, "cannot be read (" + e.getMessage() + ")");
    }
    if (json == null || !json.isObject()) {
      throw refused(file, "is not a JSON object of settings by plugin id");
    }
  }

  private static QuickHubException refused(Path file, String why) {
    return new QuickHubException(
        "The JupyterLab settings defaults "
            + file
            + " "
            + why
            + "; fix the file and try again; nothing was built.");
  }
}
