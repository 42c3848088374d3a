package dev.quickhub.users;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quickhub.contract.ImageTool;
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

  private static final TypeReference<List<Account>> LIST = new TypeReference<>() {};

  /** The names of those accounts whose password is still the user name. */
  public static List<String> withDefaultPassword(List<Account> accounts) {
    return accounts.stream().filter(Account::defaultPassword).map(Account::name).toList();
  }

  /** The accounts in {@code quickhub-accounts}' result. */
  public static List<Account> list(JsonNode result) {
    return ImageTool.read(result, LIST);
  }
}
