package dev.quickhub.users;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
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
    @JsonProperty("default_password") boolean defaultPassword) {}
