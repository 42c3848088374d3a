package dev.quickhub.z2jh;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What of a quickhub hub moves to Zero to JupyterHub: its accounts (with their password hashes and
 * today's home use), shared folders, per-user limits, culler, domain, and the image users' servers
 * run. An immutable value; the export reads it from the hub and writes files from it.
 */
public final class Z2jhHub {

  /** An account: its ids, admin right, current password hash and the bytes its home holds. */
  public record User(String name, int uid, int gid, boolean admin, String hash, long homeBytes) {
    public User {
      Objects.requireNonNull(name);
      hash = hash == null ? "" : hash;
    }
  }

  /** A shared folder, mounted at {@code path} in every server; {@code readOnly} for users. */
  public record Share(String name, String path, boolean readOnly, long bytes) {}

  private final String name;
  private final String image;
  private final List<User> users;
  private final List<Share> shares;
  private final Long userMemory;
  private final Double userCpus;
  private final Duration cullIdle;
  private final String domain;
  private final String acmeEmail;

  private Z2jhHub(Builder builder) {
    this.name = Objects.requireNonNull(builder.name);
    this.image = Objects.requireNonNull(builder.image);
    this.users = List.copyOf(builder.users);
    this.shares = List.copyOf(builder.shares);
    this.userMemory = builder.userMemory;
    this.userCpus = builder.userCpus;
    this.cullIdle = builder.cullIdle;
    this.domain = builder.domain;
    this.acmeEmail = builder.acmeEmail;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The quickhub hub's name. */
  public String name() {
    return name;
  }

  /** The image reference users' servers run, as given. */
  public String image() {
    return image;
  }

  public List<User> users() {
    return users;
  }

  public List<Share> shares() {
    return shares;
  }

  /** Each user's memory limit in bytes, if any. */
  public Optional<Long> userMemory() {
    return Optional.ofNullable(userMemory);
  }

  /** Each user's CPU limit, if any. */
  public Optional<Double> userCpus() {
    return Optional.ofNullable(userCpus);
  }

  /** How long a server may idle before it is stopped, if culling is on. */
  public Optional<Duration> cullIdle() {
    return Optional.ofNullable(cullIdle);
  }

  /** The domain of the hub's Let's Encrypt certificate, if it has one. */
  public Optional<String> domain() {
    return Optional.ofNullable(domain);
  }

  /** The ACME account's contact, with the domain. */
  public Optional<String> acmeEmail() {
    return Optional.ofNullable(acmeEmail);
  }

  /** Builds a {@link Z2jhHub}; name and image are required. */
  public static final class Builder {
    private String name;
    private String image;
    private final List<User> users = new ArrayList<>();
    private final List<Share> shares = new ArrayList<>();
    private Long userMemory;
    private Double userCpus;
    private Duration cullIdle;
    private String domain;
    private String acmeEmail;

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder image(String image) {
      this.image = image;
      return this;
    }

    public Builder user(User user) {
      users.add(user);
      return this;
    }

    public Builder share(Share share) {
      shares.add(share);
      return this;
    }

    public Builder userMemory(Long userMemory) {
      this.userMemory = userMemory;
      return this;
    }

    public Builder userCpus(Double userCpus) {
      this.userCpus = userCpus;
      return this;
    }

    public Builder cullIdle(Duration cullIdle) {
      this.cullIdle = cullIdle;
      return this;
    }

    /** HTTPS from Let's Encrypt for {@code domain}, with the account's contact {@code email}. */
    public Builder letsEncrypt(String domain, String email) {
      this.domain = domain;
      this.acmeEmail = email;
      return this;
    }

    public Z2jhHub build() {
      return new Z2jhHub(this);
    }
  }
}
