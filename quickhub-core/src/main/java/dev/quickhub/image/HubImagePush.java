package dev.quickhub.image;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryAuthenticationFailedException;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.registry.RegistryCredentialsNotSentException;
import dev.quickhub.engine.EngineDockerClient;
import dev.quickhub.report.ControlCharacters;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import dev.quickhub.system.DiskSpace;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * Sends the hub image straight to a registry with Jib: the same description as the engine build, so
 * the same image, and no engine in between (none gets the registry's tag). Jib asks the registry
 * for each blob first and sends only those it lacks.
 */
public final class HubImagePush {

  private final Supplier<EngineDockerClient> engine;
  private final Path cacheDir;
  private final Progress progress;

  /**
   * @param engine asked for only when the base is an image the engine holds
   */
  public HubImagePush(Supplier<EngineDockerClient> engine, Path cacheDir, Progress progress) {
    this.engine = engine;
    this.cacheDir = cacheDir;
    this.progress = progress;
  }

  /** Pushes the hub image of {@code sources} on {@code base} to {@code target}. */
  public PushedImage push(ImageSources sources, BaseImage base, RegistryTarget target) {
    RegistryImage to = RegistryImage.named(target.parsed());
    if (target.user().isPresent()) {
      to.addCredential(target.user().get(), target.password().orElseThrow());
    } else if (!target.insecure() || RegistryTarget.isLoopback(target.registry())) {
      // Unchecked TLS to another machine: the Docker config file's credentials stay home too.
      to.addCredentialRetriever(DockerConfigCredentials.forImage(target.parsed()));
    }
    Containerizer containerizer =
        HubImageDescription.cached(Containerizer.to(to), cacheDir)
            // Plain HTTP or an untrusted certificate only when asked; credentials never go over
            // plain HTTP (Jib's default), where anyone on the way could read them.
            .setAllowInsecureRegistries(target.insecure());
    try {
      JibContainerBuilder image =
          HubImageDescription.of(sources, base)
              // A cached base from its archive, not through the engine.
              .on(JibBase.of(base, engine, Optional.empty()));
      JibContainer pushed;
      try (RegistryTrust.Swap trusted =
          target.ca().map(RegistryTrust::with).orElse(RegistryTrust.SYSTEM).install()) {
        pushed =
            HubImageDescription.containerize(
                image,
                containerizer,
                progress,
                "Pushing the hub image to " + target.reference() + " (Jib)");
      }
      return new PushedImage(
          target.reference(), pushed.getDigest().toString(), pushed.getImageId().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while pushing the hub image.");
    } catch (ExecutionException
        | IOException
        | RegistryException
        | CacheDirectoryCreationException e) {
      throw new PushFailure(target, cacheDir).of(e);
    }
  }

  /** One sentence for a failed push. */
  private record PushFailure(RegistryTarget target, Path cacheDir) {

    QuickHubException of(Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      String registry = target.registry();
      if (DiskSpace.isFull(cause)) {
        return new QuickHubException(
            Message.of(
                "The disk is full while pushing the hub image ({}); free some space and push"
                    + " again.",
                DiskSpace.where(cacheDir)),
            e);
      }
      for (Throwable t = cause; t != null; t = t.getCause()) {
        if (t instanceof RegistryCredentialsNotSentException) {
          return new QuickHubException(
              Message.of(
                  "The registry {} speaks plain HTTP and asks for credentials, which quickhub never"
                      + " sends unencrypted; serve it over HTTPS (with {} for a private CA).",
                  registry,
                  Setting.REGISTRY_CA),
              e);
        }
        if (t instanceof RegistryUnauthorizedException
            || t instanceof RegistryAuthenticationFailedException) {
          return new QuickHubException(refused(), e);
        }
        if (t instanceof InsecureRegistryException || t instanceof SSLException) {
          return new QuickHubException(untrusted(), e);
        }
        if (t instanceof ConnectException
            || t instanceof UnknownHostException
            || t instanceof NoRouteToHostException
            || t instanceof SocketTimeoutException) {
          return new QuickHubException(
              Message.of(
                  "The registry {} cannot be reached ({}); check its host and port and that it"
                      + " runs, then push again.",
                  registry,
                  ControlCharacters.escaped(String.valueOf(t.getMessage()))),
              e);
        }
      }
      return new QuickHubException(
          Message.of(
              "Pushing the hub image to {} failed: {}.",
              target.reference(),
              // The registry's error text is the registry's: escaped.
              ControlCharacters.escaped(String.valueOf(cause.getMessage()))),
          e);
    }

    private Message refused() {
      if (target.user().isPresent()) {
        return Message.of(
            "The registry {} refused user {} for {} (wrong password, or no right to push"
                + " there); check both and push again.",
            target.registry(),
            target.user().get(),
            target.parsed().getRepository());
      }
      return Message.of(
          "The registry {} refused the push to {}: the Docker config file has no credentials it"
              + " accepts; log in (docker login {}) or give {} and the password on stdin.",
          target.registry(),
          target.parsed().getRepository(),
          target.registry(),
          Setting.REGISTRY_USER);
    }

    private Message untrusted() {
      return PresentedCertificate.of(target.registry())
          .map(
              certificate ->
                  Message.of(
                      "The registry {} presents a certificate that is not trusted ({}); give the CA"
                          + " that issued it with {}, or use {} for a test registry.",
                      target.registry(),
                      certificate,
                      Setting.REGISTRY_CA,
                      Setting.INSECURE_REGISTRY))
          .orElseGet(
              () ->
                  Message.of(
                      "The registry {} does not answer over HTTPS; use {} for a test registry on"
                          + " plain HTTP.",
                      target.registry(),
                      Setting.INSECURE_REGISTRY));
    }
  }
}
