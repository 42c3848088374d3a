package dev.quickhub.image;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.DockerClientException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import java.util.Locale;
import java.util.Optional;

/**
 * The Debian image a base is built in: taken from the engine when it holds it, else pulled by the
 * engine with the credentials Jib finds for its registry (the Docker config file and its credential
 * helpers).
 */
final class BuilderImage {

  private final DockerClient engine;
  private final String reference;
  private final Progress progress;

  BuilderImage(DockerClient engine, String reference, Progress progress) {
    this.engine = engine;
    this.reference = reference;
    this.progress = progress;
  }

  /** The default builder of a recipe: Debian's slim image of the recipe's suite. */
  static String defaultFor(BaseRecipe recipe) {
    return "debian:" + recipe.suite() + "-slim";
  }

  String reference() {
    return reference;
  }

  void ensurePulled() {
    ImageReference parsed = parse(reference);
    try {
      engine.inspectImageCmd(reference).exec();
      return;
    } catch (NotFoundException missing) {
      // Pulled below.
    }
    progress.say("Pulling the builder image " + reference);
    var pull = engine.pullImageCmd(repository(parsed)).withTag(parsed.getQualifier());
    credential(parsed)
        .ifPresent(
            c ->
                pull.withAuthConfig(
                    new AuthConfig()
                        .withRegistryAddress(parsed.getRegistry())
                        .withUsername(c.getUsername())
                        .withPassword(c.getPassword())));
    try {
      pull.exec(new PullImageResultCallback()).awaitCompletion();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while pulling the builder image.");
    } catch (DockerException | DockerClientException e) {
      throw pullFailure(String.valueOf(e.getMessage()), e);
    }
  }

  /** One sentence for a failed pull: no such image, credentials refused, or the engine's reason. */
  QuickHubException pullFailure(String reason, Exception e) {
    String lower = reason.toLowerCase(Locale.ROOT);
    if (lower.contains("no basic auth credentials")) {
      return new QuickHubException(
          Message.of(
              "The registry of the builder image {} asks for credentials and the Docker config file"
                  + " has none for it; log in to it (docker login {}), then build again.",
              reference,
              parse(reference).getRegistry()),
          e);
    }
    if (lower.contains("unauthorized")
        || lower.contains("authentication required")
        || lower.contains("denied")) {
      return new QuickHubException(
          Message.of(
              "The registry refused the credentials for the builder image {}; log in to it"
                  + " (docker login {}) or fix the Docker config file, then build again.",
              reference,
              parse(reference).getRegistry()),
          e);
    }
    if (lower.contains("not found")
        || lower.contains("manifest unknown")
        || lower.contains("does not exist")) {
      return new QuickHubException(
          Message.of(
              "The builder image {} was not found in its registry; check the name, or give"
                  + " another Debian image with {}.",
              reference,
              Setting.BUILDER_IMAGE),
          e);
    }
    return new QuickHubException(
        Message.of(
            "The engine could not pull the builder image {} ({}); check that it reaches the"
                + " registry, or give an image it holds with {}.",
            reference,
            reason.strip(),
            Setting.BUILDER_IMAGE),
        e);
  }

  ImageReference parse(String ref) {
    try {
      return ImageReference.parse(ref);
    } catch (InvalidImageReferenceException e) {
      throw new QuickHubException(
          Message.of(
              "'{}' is not an image reference; give {} as [registry/]name[:tag].",
              ref,
              Setting.BUILDER_IMAGE),
          e);
    }
  }

  /** The reference without its tag or digest, as the engine's pull wants it. */
  String repository(ImageReference parsed) {
    String qualifier = parsed.getQualifier();
    for (String separator : new String[] {":", "@"}) {
      if (reference.endsWith(separator + qualifier)) {
        return reference.substring(0, reference.length() - qualifier.length() - 1);
      }
    }
    return reference;
  }

  private static Optional<Credential> credential(ImageReference parsed) {
    try {
      return DockerConfigCredentials.forImage(parsed).retrieve();
    } catch (CredentialRetrievalException e) {
      // A broken credential helper: pull without, and let the registry say what it wants.
      return Optional.empty();
    }
  }
}
