package dev.quickhub.kernels;

import dev.quickhub.report.QuickHubException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A kernel to create in a hub: its name, kind of environment, whose it is (a user's, or everyone's
 * when {@code user} is empty) and what to install. Built with {@link #builder(String)}.
 */
public record KernelRequest(
    String name,
    Kind kind,
    Optional<String> user,
    List<String> packages,
    boolean force,
    Optional<String> indexUrl) {

  /** The environment a kernel runs in. */
  public enum Kind {
    VENV,
    CONDA
  }

  /** Kernel names as Jupyter accepts them; the image's helper checks the same rule. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public KernelRequest {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new QuickHubException(
          "'"
              + name
              + "' is not a valid kernel name: use 1 to 64 lower-case letters, digits, '.', '_' or"
              + " '-', starting with a letter or digit.");
    }
    packages = List.copyOf(packages);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The helper's arguments inside the hub. */
  List<String> helperArgs() {
    List<String> args = new ArrayList<>(List.of(kind.name().toLowerCase(), name));
    if (!packages.isEmpty()) {
      args.add("--packages");
      args.add(String.join(",", packages));
    }
    if (user.isEmpty()) {
      args.add("--system");
    }
    if (force) {
      args.add("--force");
    }
    indexUrl.ifPresent(
        url -> {
          args.add("--index-url");
          args.add(url);
        });
    return args;
  }

  /** Builds a {@link KernelRequest}: a venv kernel for everyone unless told otherwise. */
  public static final class Builder {
    private final String name;
    private Kind kind = Kind.VENV;
    private String user;
    private final List<String> packages = new ArrayList<>();
    private boolean force;
    private String indexUrl;

    private Builder(String name) {
      this.name = name;
    }

    public Builder kind(Kind kind) {
      this.kind = kind;
      return this;
    }

    /** The kernel is this user's only; without it, every user's. */
    public Builder forUser(String user) {
      this.user = user;
      return this;
    }

    public Builder packages(List<String> packages) {
      this.packages.addAll(packages);
      return this;
    }

    /** Replace a kernel of the same name (it is kept when the new one fails). */
    public Builder force(boolean force) {
      this.force = force;
      return this;
    }

    /** The package index for pip, instead of the one configured in the hub. */
    public Builder indexUrl(String indexUrl) {
      this.indexUrl = indexUrl;
      return this;
    }

    public KernelRequest build() {
      return new KernelRequest(
          name, kind, Optional.ofNullable(user), packages, force, Optional.ofNullable(indexUrl));
    }
  }
}
