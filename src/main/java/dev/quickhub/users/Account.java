package dev.quickhub.users;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A user account as it is in a running hub, read from the image's {@code quickhub-accounts}.
 *
 * @param defaultPassword true while the password is still the user name
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Account(
    String name,
    int uid,
    int gid,
    List<String> groups,
    boolean admin,
    boolean home,
    @JsonProperty("default_password") boolean defaultPassword) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The names of those accounts whose password is still the user name. */
  public static List<String> withDefaultPassword(List<Account> accounts) {
    return accounts.stream().filter(Account::defaultPassword).map(Account::name).toList();
  }

  /** The accounts {@code quickhub-accounts} printed, one JSON object a line. */
  public static List<Account> parse(String jsonLines) {
    List<Account> accounts = new ArrayList<>();
    for (String line : jsonLines.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        accounts.add(JSON.readValue(line, Account.class));
      } catch (IOException e) {
        throw new QuickHubException(
            "The hub printed an account line quickhub cannot read: " + line, e);
      }
    }
    return accounts;
  }
}
