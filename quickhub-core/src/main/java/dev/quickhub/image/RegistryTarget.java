package dev.quickhub.image;

import com.google.cloud.tools.jib.api.ImageReference;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.report.Setting;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a push sends the hub image: a registry reference, the credentials for it (else those of the
 * Docker config file and its credential helpers), and how far its TLS is trusted.
 */
public final class RegistryTarget {

  private final ImageReference reference;
  private final String given;
  private final String user;
  private final String password;
  private final boolean insecure;
  private final Path ca;

  private RegistryTarget(Builder builder) {
    this.given = Objects.requireNonNull(builder.reference, "reference");
    this.reference = parse(given);
    if ((builder.user == null) != (builder.password == null)) {
      throw new IllegalArgumentException("a user needs a password, and a password a user");
    }
    this.user = builder.user;
    this.password = builder.password;
    this.insecure = builder.insecure;
    this.ca = builder.ca;
    if (user != null && insecure && !isLoopback(registry())) {
      throw new QuickHubException(
          Message.of(
              "Credentials are not sent to {} with {}: its certificate would not be checked, so"
                  + " anyone on the way could read them; trust its CA with {} instead ({} with"
                  + " credentials is only for a registry on this machine's loopback).",
              registry(),
              Setting.INSECURE_REGISTRY,
              Setting.REGISTRY_CA,
              Setting.INSECURE_REGISTRY));
    }
  }

  public static Builder builder(String reference) {
    return new Builder(reference);
  }

  /**
   * {@code reference} as a registry reference to push to ({@code [registry/]name[:tag]}), or one
   * sentence on why it is not one.
   */
  public static ImageReference parse(String reference) {
    try {
      ImageReference parsed = ImageReference.parse(reference);
      if (parsed.getDigest().isEmpty() && !parsed.isScratch()) {
        return parsed;
      }
    } catch (InvalidImageReferenceException e) {
      // the sentence below
    }
    throw new QuickHubException(
        "'"
            + reference
            + "' is not a reference to push to; give [REGISTRY/]NAME[:TAG], e.g."
            + " registry.example.org/course/hub:2026 (no digest: the registry gives that).");
  }

  /** The reference as given. */
  public String reference() {
    return given;
  }

  public ImageReference parsed() {
    return reference;
  }

  /** The registry's host[:port], as TLS and the Docker config file name it. */
  public String registry() {
    return reference.getRegistry();
  }

  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /**
   * Whether {@code registry} (host[:port]) is this machine's loopback (localhost, 127.0.0.0/8,
   * [::1]), where credentials over unchecked TLS reach no one else.
   */
  public static boolean isLoopback(String registry) {
    String host = registry.replaceFirst(":[0-9]+$", "");
    return host.equals("localhost")
        || host.equals("[::1]")
        || host.matches("127(\\.[0-9]{1,3}){3}");
  }

  /** Whether plain HTTP and a certificate that is not trusted are accepted. */
  public boolean insecure() {
    return insecure;
  }

  /** A CA certificate (PEM) trusted for this push besides the system's. */
  public Optional<Path> ca() {
    return Optional.ofNullable(ca);
  }

  @Override
  public String toString() {
    // Never the password.
    return given + (user == null ? "" : " as " + user) + (insecure ? " (insecure)" : "");
  }

  /** Builds a {@link RegistryTarget}. */
  public static final class Builder {
    private final String reference;
    private String user;
    private String password;
    private boolean insecure;
    private Path ca;

    private Builder(String reference) {
      this.reference = reference;
    }

    /** The user and password to log in with; default: the Docker config file's. */
    public Builder credential(String user, String password) {
      this.user = user;
      this.password = password;
      return this;
    }

    /** Accept plain HTTP or a certificate that is not trusted (a test registry). */
    public Builder insecure(boolean insecure) {
      this.insecure = insecure;
      return this;
    }

    /** Trust this CA certificate (a PEM file) for the push, besides the system's CAs. */
    public Builder ca(Path ca) {
      this.ca = ca;
      return this;
    }

    public RegistryTarget build() {
      return new RegistryTarget(this);
    }
  }
}
