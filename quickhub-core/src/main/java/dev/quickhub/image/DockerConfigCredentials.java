package dev.quickhub.image;

import com.google.cloud.tools.jib.api.CredentialRetriever;
import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import java.nio.file.Path;

/**
 * The credentials for a registry as Docker keeps them: the Docker config file ({@code
 * DOCKER_CONFIG}/config.json, else ~/.docker/config.json) and the credential helpers it names.
 */
final class DockerConfigCredentials {

  private DockerConfigCredentials() {}

  static CredentialRetriever forImage(ImageReference image) {
    CredentialRetrieverFactory factory = CredentialRetrieverFactory.forImage(image, event -> {});
    String dockerConfig = System.getenv("DOCKER_CONFIG");
    return dockerConfig != null && !dockerConfig.isBlank()
        ? factory.dockerConfig(Path.of(dockerConfig, "config.json"))
        : factory.dockerConfig();
  }
}
