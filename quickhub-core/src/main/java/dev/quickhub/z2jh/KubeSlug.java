package dev.quickhub.z2jh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * KubeSpawner 7.0.0's "safe" slug scheme (kubespawner/slugs.py and {@code _expand_user_properties},
 * the release chart 4.4.0 ships), so the export names the claims z2jh will mount: {@code
 * claim-{user_server}} is chart 4.4.0's claim name (its {@code pvcNameTemplate} is empty, so
 * KubeSpawner's default applies).
 */
public final class KubeSlug {

  /** KubeSpawner's budget for {@code {user_server}} and each of its parts. */
  static final int SLUG_MAX_LENGTH = 48;

  private static final int HASH_LENGTH = 8;
  private static final Pattern OBJECT = Pattern.compile("[a-z0-9-]+");
  private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^a-z0-9]+");

  private KubeSlug() {}

  /** The claim KubeSpawner mounts for the default server of hub user {@code user}. */
  public static String homeClaim(String user) {
    return "claim-" + userServer(user);
  }

  /** {@code {user_server}} of a user's default (unnamed) server. */
  static String userServer(String user) {
    String safe = safe(user, SLUG_MAX_LENGTH);
    // KubeSpawner joins '{user}--{server}' and re-hashes both when that could exceed the budget,
    // also when the server's name is empty.
    return safe.length() + 2 > SLUG_MAX_LENGTH ? multi(List.of(user, ""), SLUG_MAX_LENGTH) : safe;
  }

  /** {@code safe_slug(name)}: the name when valid, else stripped and hashed to 32 characters. */
  public static String safe(String name) {
    return isSafe(name) ? name : stripAndHash(name, 32);
  }

  /**
   * {@code safe_slug(name, max_length=maxLength)}: the name when valid, else stripped and hashed.
   */
  public static String safe(String name, int maxLength) {
    return isSafe(name) && name.length() <= maxLength ? name : stripAndHash(name, maxLength);
  }

  // '--' never passes: it could collide with a joined '{user}--{server}'.
  private static boolean isSafe(String name) {
    return !name.contains("--") && isValidObjectName(name);
  }

  /** {@code multi_slug(names, max_length)}: each part stripped, one hash over all of them. */
  static String multi(List<String> names, int maxLength) {
    MessageDigest sha = sha256();
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        sha.update((byte) 0xFF); // never a UTF-8 start byte: parts cannot run into each other
      }
      sha.update(names.get(i).getBytes(StandardCharsets.UTF_8));
    }
    String hash = HexFormat.of().formatHex(sha.digest()).substring(0, HASH_LENGTH);
    int perName = (maxLength - (HASH_LENGTH + 1)) / names.size() - 2;
    if (perName < 2) {
      throw new IllegalArgumentException("no room for " + names.size() + " names in " + maxLength);
    }
    return String.join("--", names.stream().map(n -> extractSafeName(n, perName)).toList())
        + "---"
        + hash;
  }

  /**
   * RFC 1035 and 1123 labels: 1 to 63 of [a-z0-9-], starting with a letter, ending alphanumeric.
   */
  static boolean isValidObjectName(String s) {
    return !s.isEmpty()
        && s.length() <= 63
        && s.charAt(0) >= 'a'
        && s.charAt(0) <= 'z'
        && isLowerAlphanumeric(s.charAt(s.length() - 1))
        && OBJECT.matcher(s).matches();
  }

  private static String stripAndHash(String name, int maxLength) {
    int nameLength = maxLength - (HASH_LENGTH + 3);
    if (nameLength < 1) {
      throw new IllegalArgumentException("no safe name fits in " + maxLength + " characters");
    }
    String hash =
        HexFormat.of()
            .formatHex(sha256().digest(name.getBytes(StandardCharsets.UTF_8)))
            .substring(0, HASH_LENGTH);
    return extractSafeName(name, nameLength) + "---" + hash;
  }

  private static String extractSafeName(String name, int maxLength) {
    // Python's str.lower() on the whole name, then every run of anything else than [a-z0-9]
    // becomes one '-'.
    String safe = NON_ALPHANUMERIC.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("-");
    safe = stripTrailingHyphens(truncate(safe.replaceFirst("^-+", ""), maxLength));
    if (!safe.isEmpty() && !(safe.charAt(0) >= 'a' && safe.charAt(0) <= 'z')) {
      safe = "x-" + truncate(safe, maxLength - 2);
    }
    return safe.isEmpty() ? "x" : safe;
  }

  private static String truncate(String s, int length) {
    return s.length() <= length ? s : s.substring(0, length);
  }

  private static String stripTrailingHyphens(String s) {
    return s.replaceFirst("-+$", "");
  }

  private static boolean isLowerAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
