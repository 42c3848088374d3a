package dev.quickhub.users;

import java.util.List;

/** One account of the seed list: created at first start when missing, never reset afterwards. */
public record SeedAccount(String username, String fullName, List<String> groups, boolean admin) {

  public SeedAccount {
    UserName.require(username);
    fullName = fullName == null ? "" : fullName;
    groups = List.copyOf(groups);
  }
}
