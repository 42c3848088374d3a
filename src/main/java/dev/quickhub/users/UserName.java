package dev.quickhub.users;

import dev.quickhub.QuickHubException;
import java.util.regex.Pattern;

/** A Linux account name that works everywhere in the hub: useradd, PAM, JupyterHub URLs. */
public final class UserName {

  /** The portable subset of what useradd accepts; the image's scripts check the same rule. */
  private static final Pattern RULE = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

  private UserName() {}

  public static boolean isValid(String name) {
    return name != null && RULE.matcher(name).matches() && !"root".equals(name);
  }

  /** Returns the name, or fails with a sentence that quotes it and gives the rule. */
  public static String require(String name) {
    if (!isValid(name)) {
      throw new QuickHubException(
          "'"
              + name
              + "' is not a valid user name: use 1 to 32 lower-case letters, digits, '_' or '-',"
              + " starting with a letter or '_' (and not 'root').");
    }
    return name;
  }
}
