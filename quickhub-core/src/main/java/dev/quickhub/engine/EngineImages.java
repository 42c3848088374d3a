package dev.quickhub.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.LoadResponseItem;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The engine's images by name and id: looked up, loaded from an archive, tagged and tidied. */
final class EngineImages {

  private static final Logger LOG = LoggerFactory.getLogger(EngineImages.class);

  private final DockerClient docker;

  EngineImages(DockerClient docker) {
    this.docker = docker;
  }

  /** The id of image {@code reference} (a name or an id), if the engine holds it. */
  Optional<String> idOf(String reference) {
    try {
      return Optional.ofNullable(docker.inspectImageCmd(reference).exec().getId());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** The id of image {@code reference} when it carries label {@code name} with {@code value}. */
  Optional<String> labelled(String reference, String name, String value) {
    try {
      InspectImageResponse image = docker.inspectImageCmd(reference).exec();
      Map<String, String> labels = image.getConfig() == null ? null : image.getConfig().getLabels();
      return labels != null && value.equals(labels.get(name))
          ? Optional.of(image.getId())
          : Optional.empty();
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /** Sends a docker-archive to the engine; fails with the engine's own errors. */
  void load(InputStream archive) throws IOException, InterruptedException {
    List<String> errors = new ArrayList<>();
    try (InputStream in = archive) {
      docker
          .loadImageAsyncCmd(in)
          .exec(
              new ResultCallback.Adapter<LoadResponseItem>() {
                @Override
                public void onNext(LoadResponseItem item) {
                  if (item.getErrorDetail() != null) {
                    errors.add(item.getErrorDetail().getMessage());
                  }
                }
              })
          .awaitCompletion();
    } catch (RuntimeException e) {
      throw new IOException("the engine refused the image: " + e.getMessage(), e);
    }
    if (!errors.isEmpty()) {
      throw new IOException("the engine refused the image: " + String.join("; ", errors));
    }
  }

  /** Tags image {@code imageId} as {@code tag} unless that tag already names it. */
  void keepTagged(String imageId, String tag) {
    if (!idOf(tag).orElse("").equals(imageId)) {
      tag(imageId, tag);
    }
  }

  void tag(String imageId, String tag) {
    int colon = tag.lastIndexOf(':');
    boolean tagged = colon > tag.lastIndexOf('/');
    docker
        .tagImageCmd(
            imageId,
            tagged ? tag.substring(0, colon) : tag,
            tagged ? tag.substring(colon + 1) : "latest")
        .withForce()
        .exec();
  }

  /**
   * Removes an image the build took its tag from, when nothing names or uses it any more: left
   * alone it would be an unnamed image for every rebuild. A container made from it keeps it.
   */
  void removeIfUnnamedAndUnused(String imageId) {
    try {
      List<String> tags = docker.inspectImageCmd(imageId).exec().getRepoTags();
      boolean used =
          !docker
              .listContainersCmd()
              .withShowAll(true)
              .withAncestorFilter(List.of(imageId))
              .exec()
              .isEmpty();
      if ((tags == null || tags.isEmpty()) && !used) {
        docker.removeImageCmd(imageId).exec();
        LOG.info("Removed image {}, which the rebuilt tag named before", imageId);
      }
    } catch (NotFoundException | ConflictException e) {
      // Gone already, or in use after all: nothing to tidy.
    }
  }

  /** The largest number of leading layers of this image that some image in the engine has. */
  int longestHeldPrefix(List<String> diffIds) {
    int best = 0;
    for (Image image : docker.listImagesCmd().exec()) {
      try {
        InspectImageResponse inspected = docker.inspectImageCmd(image.getId()).exec();
        if (inspected.getRootFS() != null && inspected.getRootFS().getLayers() != null) {
          best =
              Math.max(
                  best, ImageArchiveIndex.commonPrefix(diffIds, inspected.getRootFS().getLayers()));
        }
      } catch (NotFoundException e) {
        // Removed while we looked; it holds nothing then.
      }
    }
    return best;
  }
}
