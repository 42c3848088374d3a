package dev.quickhub.course;

import dev.quickhub.report.QuickHubException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * A hub's nbgitpuller link: who opens it gets the repository pulled into their notebook folder
 * (merged with their own edits) and lands in it. The format is nbgitpuller's: {@code
 * HUB/hub/user-redirect/git-pull?repo=...&branch=...&targetpath=...&urlpath=...}, every value
 * percent-encoded.
 */
public final class PullLink {

  /** The interface the link opens after the pull. */
  public enum App {
    LAB("lab/tree/"),
    NOTEBOOK("tree/");

    private final String treePath;

    App(String treePath) {
      this.treePath = treePath;
    }
  }

  private static final Set<String> SCHEMES = Set.of("http", "https", "git");

  private final URI repo;
  private final String branch;
  private final String open;
  private final App app;

  private PullLink(Builder builder) {
    this.repo = builder.repo;
    this.branch = builder.branch;
    this.open = builder.open;
    this.app = builder.app;
  }

  /** A link to the git repository at {@code repo}; checked at once, before any hub is asked. */
  public static Builder builder(String repo) {
    return new Builder(repo);
  }

  /** The folder the repository is pulled into (in each notebook folder): its name without .git. */
  public String folder() {
    return folderOf(repo);
  }

  // The URL's last path segment without .git, as git clone names it.
  private static String folderOf(URI repo) {
    String path = repo.getPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.endsWith(".git") ? last.substring(0, last.length() - ".git".length()) : last;
  }

  /** The link on the hub whose base URL is {@code hub}. */
  public URI on(URI hub) {
    String base = hub.toString();
    StringBuilder link =
        new StringBuilder(base.endsWith("/") ? base : base + "/")
            .append("hub/user-redirect/git-pull?repo=")
            .append(encode(repo.toString()));
    if (branch != null) {
      link.append("&branch=").append(encode(branch));
    }
    // Given, not left to nbgitpuller, whose default keeps ".git" in 1.0 and drops it later.
    link.append("&targetpath=").append(encode(folder()));
    String urlpath = app.treePath + folder() + (open == null ? "" : "/" + open);
    link.append("&urlpath=").append(encode(urlpath));
    return URI.create(link.toString());
  }

  // encodeURIComponent's rule (what nbgitpuller's own link generator uses), stricter on !'()*.
  private static String encode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~') {
        out.append(c);
      } else {
        out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  public static final class Builder {
    private final URI repo;
    private String branch;
    private String open;
    private App app = App.LAB;

    private Builder(String repo) {
      this.repo = repository(repo);
    }

    /** The branch to pull (default: the repository's default branch). */
    public Builder branch(String branch) {
      if (branch != null && (branch.isBlank() || branch.startsWith("-") || branch.contains(" "))) {
        throw new QuickHubException("'" + branch + "' is not a git branch name.");
      }
      this.branch = branch;
      return this;
    }

    /** A file or folder inside the repository to open after the pull (default: its folder). */
    public Builder open(String path) {
      if (path == null) {
        this.open = null;
        return this;
      }
      String trimmed = path.replaceAll("^/+|/+$", "");
      for (String segment : trimmed.split("/", -1)) {
        if (segment.equals("..")) {
          throw new QuickHubException(
              "The path to open '" + path + "' leaves the repository's folder: drop the '..'.");
        }
      }
      this.open = trimmed.isEmpty() ? null : trimmed;
      return this;
    }

    public Builder app(App app) {
      this.app = app;
      return this;
    }

    public PullLink build() {
      return new PullLink(this);
    }

    private static URI repository(String repo) {
      URI uri;
      try {
        uri = new URI(repo);
      } catch (URISyntaxException e) {
        uri = null;
      }
      if (uri == null
          || uri.getScheme() == null
          || !SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
          || uri.getHost() == null
          || uri.getPath() == null
          || folderOf(uri).isEmpty()
          || folderOf(uri).equals("..")
          || folderOf(uri).equals(".")) {
        throw new QuickHubException(
            "'"
                + repo
                + "' is not a repository URL nbgitpuller can pull: give an http://, https:// or"
                + " git:// URL with the repository's path, such as"
                + " https://github.com/org/course.git.");
      }
      return uri;
    }
  }
}
