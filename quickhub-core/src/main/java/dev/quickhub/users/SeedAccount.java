package dev.quickhub.users;

import dev.quickhub.report.ControlCharacters;
import dev.quickhub.report.QuickHubException;
import java.util.List;

/**
 * One account of the seed list or a roster: created when missing, never reset afterwards. Its name,
 * full name and groups are checked here too, so no unchecked row reaches the hub.
 */
public record SeedAccount(String username, String fullName, List<String> groups, boolean admin) {

  public SeedAccount {
    UserName.require(username);
    fullName = fullName == null ? "" : fullName;
    if (ControlCharacters.in(fullName)) {
      throw new QuickHubException(
          "The full name "
              + ControlCharacters.quoted(fullName)
              + " of "
              + username
              + " contains a control character.");
    }
    groups = List.copyOf(groups);
    Groups.require(groups, admin);
  }
}
