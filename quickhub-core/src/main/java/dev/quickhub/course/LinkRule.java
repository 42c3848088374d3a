package dev.quickhub.course;

import java.util.List;

/**
 * Where a symbolic link of a copied tree may point: inside the tree, judged from the link's text
 * alone, so that the check needs no file system and holds wherever the tree is copied to. The
 * target must be relative and climb ({@code ..}) only at its start: a {@code ..} after a folder
 * name could climb out through that folder if it is itself a link ({@code d -> .}, {@code l ->
 * d/..}).
 */
final class LinkRule {

  /** Why a link may not be copied. */
  enum Problem {
    /** Absolute, or climbing above the tree's top. */
    OUTSIDE,
    /** A {@code ..} after a folder name. */
    CLIMBS_BACK
  }

  private LinkRule() {}

  /**
   * What is wrong with a link at {@code name} (its path in the tree, '/'-separated) to {@code
   * target}, or null when it stays inside.
   */
  static Problem check(List<String> name, String target) {
    if (target.isEmpty() || target.startsWith("/")) {
      return Problem.OUTSIDE;
    }
    int ups = 0;
    boolean named = false;
    for (String part : target.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (!part.equals("..")) {
        named = true;
      } else if (named) {
        return Problem.CLIMBS_BACK;
      } else {
        ups++;
      }
    }
    // The link's own folder is name's parent: it may climb as many levels as that has names.
    return ups > name.size() - 1 ? Problem.OUTSIDE : null;
  }
}
