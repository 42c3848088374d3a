package dev.quickhub.cli;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.runtime.HubSpec;
import java.util.List;

/**
 * The only command the build daemon runs: {@code build [--name HUB] [--image TAG]}, with the option
 * forms the {@code quickhub} wrapper sends to it ({@code --name HUB} or {@code --name=HUB}). Every
 * value is a valid hub name or image tag, so none starts with '-' or '@' and the parser takes each
 * for what it is here.
 */
record PlainBuild(List<String> args) {

  private static final String FORM = "build [--name HUB] [--image TAG]";

  PlainBuild {
    args = List.copyOf(args);
  }

  /** These arguments if they are a plain build, else one sentence saying what is not. */
  static PlainBuild parse(List<String> args) {
    if (args.isEmpty() || !args.get(0).equals("build")) {
      throw new QuickHubException(
          "The build daemon runs only '" + FORM + "', not '" + String.join(" ", args) + "'.");
    }
    for (int i = 1; i < args.size(); i++) {
      String arg = args.get(i);
      int equals = arg.indexOf('=');
      String option = equals < 0 ? arg : arg.substring(0, equals);
      if (!option.equals("--name") && !option.equals("--image")) {
        throw new QuickHubException(
            "The build daemon runs only '" + FORM + "'; '" + arg + "' is not one of its options.");
      }
      String value;
      if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        throw new QuickHubException("'" + option + "' needs a value.");
      }
      if (option.equals("--name")) {
        HubSpec.requireName(value);
      } else {
        requireTag(value);
      }
    }
    return new PlainBuild(args);
  }

  /** A tag to give the built image: a repository with an optional tag, no digest. */
  private static void requireTag(String tag) {
    try {
      ImageReference reference = ImageReference.parse(tag);
      if (reference.getDigest().isEmpty() && !reference.isScratch()) {
        return;
      }
    } catch (InvalidImageReferenceException e) {
      // the sentence below
    }
    throw new QuickHubException("'" + tag + "' is not a valid image tag; use name[:tag].");
  }
}
