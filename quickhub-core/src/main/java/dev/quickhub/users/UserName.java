package dev.quickhub.users;

import dev.quickhub.contract.ImageContract;
import dev.quickhub.report.ControlCharacters;
import dev.quickhub.report.QuickHubException;

/**
 * A Linux account or group name that works everywhere in the hub: useradd, groupadd, PAM,
 * JupyterHub URLs.
 */
public final class UserName {

  /**
   * The portable subset of what useradd accepts, from the image contract: the image's scripts check
   * the same rule.
   */
  static final String RULE_TEXT = ImageContract.get().nameRule();

  private UserName() {}

  /**
   * The rule, and not the name of a privileged or admin-only group: an account's own group has its
   * name, and a primary group counts as membership (a user 'sudo' would be in sudo).
   */
  public static boolean isValid(String name) {
    return isValidGroup(name)
        && !Groups.PRIVILEGED.contains(name)
        && !Groups.ADMIN_ONLY.contains(name);
  }

  /** Group names follow the user names' rule ({@code root} is refused as a privileged group). */
  static boolean isValidGroup(String name) {
    return ImageContract.get().isUserName(name);
  }

  /** Returns the name, or fails with a sentence that quotes it and gives the rule. */
  public static String require(String name) {
    if (!isValid(name)) {
      throw new QuickHubException(
          ControlCharacters.quoted(name)
              + " is not a valid user name: use "
              + RULE_TEXT
              + " (and not 'root' or another privileged group's name).");
    }
    return name;
  }
}
