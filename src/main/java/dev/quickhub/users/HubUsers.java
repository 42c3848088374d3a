package dev.quickhub.users;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.contract.ImageContract;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.report.QuickHubException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The accounts of a running hub, changed in place without a restart through the image's {@code
 * quickhub-users}. Passwords travel on stdin only; random ones are made in the hub and shown once.
 */
public final class HubUsers {

  private static final String TOOL = ImageContract.get().toolPath("quickhub-users");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ContainerExec exec;
  private final String container;

  public HubUsers(ContainerExec exec, String container) {
    this.exec = exec;
    this.container = container;
  }

  /**
   * Adds accounts with a 0700 home and {@code ~/notebook}. With no password given each gets a
   * random one, returned here (user name to password) and stored nowhere in plain text.
   */
  public Map<String, String> add(
      List<String> names, boolean admin, List<String> groups, Optional<String> password) {
    if (names.isEmpty()) {
      throw new QuickHubException("Name at least one user to add.");
    }
    names.forEach(UserName::require);
    Groups.require(groups, admin);
    List<String> command = new ArrayList<>(List.of(TOOL, "add"));
    command.addAll(names);
    if (admin) {
      command.add("--admin");
    }
    groups.forEach(group -> command.addAll(List.of("--group", group)));
    command.add(password.isPresent() ? "--password-stdin" : "--random");
    return passwords(run(password, command));
  }

  /** Sets a user's password; returns the random one made when none is given. */
  public Optional<String> passwd(String name, Optional<String> password) {
    UserName.require(name);
    String output =
        run(
            password,
            List.of(TOOL, "passwd", name, password.isPresent() ? "--password-stdin" : "--random"));
    return Optional.ofNullable(passwords(output).get(name));
  }

  /**
   * Removes the account, and its home unless {@code keepHome}. The hub first stops the user's
   * server and forgets the user with every token and login cookie, so a new account of the same
   * name starts afresh; when the hub cannot, nothing is changed.
   */
  public void remove(String name, boolean keepHome) {
    UserName.require(name);
    List<String> command = new ArrayList<>(List.of(TOOL, "remove", name));
    if (keepHome) {
      command.add("--keep-home");
    }
    run(Optional.empty(), command);
  }

  /**
   * Grants or revokes hub admin rights (membership of the hub's admin group). A grant takes effect
   * at the next login; a revoke at once: the hub stops the user's server and forgets the user's
   * tokens and login cookies, so the next login is an ordinary user's.
   */
  public void admin(String name, boolean grant) {
    UserName.require(name);
    run(Optional.empty(), List.of(TOOL, "admin", name, grant ? "--grant" : "--revoke"));
  }

  /**
   * What {@link #restore} did: the accounts made, every home skipped with its reason, and the
   * random passwords when asked for.
   */
  public record Restored(
      List<String> restored, List<String> skipped, Map<String, String> passwords) {}

  /**
   * Recreates an account for every directory in /home that has none, with the uid and gid owning
   * it, so each user owns their files again. Invalid names, lost+found, root-owned folders and
   * homes whose gid is a system group or another group are skipped and reported. Each account gets
   * its password from {@code passwords}, or a random one when {@code random}; the others stay
   * locked until {@link #passwd}.
   */
  public Restored restore(boolean random, Map<String, String> passwords) {
    List<String> command = new ArrayList<>(List.of(TOOL, "restore"));
    String stdin = null;
    if (random) {
      command.add("--random");
    } else if (!passwords.isEmpty()) {
      command.add("--passwords-stdin");
      stdin = json(passwords);
    }
    ContainerExec.Result result = exec.run(container, null, stdin, command);
    if (!result.ok()) {
      throw new QuickHubException(result.stderr().strip());
    }
    return new Restored(
        reported(result, "restored "), reported(result, "skipped "), passwords(result.stdout()));
  }

  /** What {@link #importRoster} did: accounts created, rows skipped, and the random passwords. */
  public record Imported(
      List<String> created, List<String> skipped, Map<String, String> passwords) {}

  /**
   * Creates the roster's accounts (checked by {@link SeedList#readRoster}) that do not exist yet;
   * existing ones are left alone, so running it again changes nothing. Accounts with a password in
   * {@code passwords} get it, the others a random one, returned here. On failure the message says
   * which accounts were created before it.
   */
  public Imported importRoster(List<SeedAccount> roster, Map<String, String> passwords) {
    StringBuilder rows = new StringBuilder();
    for (SeedAccount account : roster) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("username", account.username());
      row.put("full_name", account.fullName());
      row.put("groups", account.groups());
      row.put("admin", account.admin());
      if (passwords.containsKey(account.username())) {
        row.put("password", passwords.get(account.username()));
      }
      rows.append(json(row)).append('\n');
    }
    ContainerExec.Result result =
        exec.run(container, null, rows.toString(), List.of(TOOL, "import"));
    List<String> created = reported(result, "created ");
    if (!result.ok()) {
      throw new QuickHubException(
          "The import stopped after creating "
              + (created.isEmpty() ? "no account" : String.join(", ", created))
              + ": "
              + result.stderr().lines().reduce((a, b) -> b).orElse("").strip());
    }
    return new Imported(created, reported(result, "skipped "), passwords(result.stdout()));
  }

  /**
   * After {@code quickhub adopt}: gives the original's accounts 0700 homes with {@code ~/notebook}
   * and the seed list's admins hub admin rights. Returns one line per account.
   */
  public List<String> adopt() {
    ContainerExec.Result result = exec.run(container, List.of(TOOL, "adopt"));
    if (!result.ok()) {
      throw new QuickHubException(
          "Taking over the original's accounts failed: " + result.stderr().strip());
    }
    return reported(result, "adopted ");
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String run(Optional<String> password, List<String> command) {
    ContainerExec.Result result =
        exec.run(container, null, password.map(p -> p + "\n").orElse(null), command);
    if (!result.ok()) {
      String message = result.stderr().strip();
      throw new QuickHubException(
          message.isEmpty() ? command.get(1) + " failed in hub " + container + "." : message);
    }
    return result.stdout();
  }

  /** The lines the tool reported on stderr with this prefix, without it. */
  private static List<String> reported(ContainerExec.Result result, String prefix) {
    return result
        .stderr()
        .lines()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()))
        .toList();
  }

  private static Map<String, String> passwords(String output) {
    Map<String, String> passwords = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      int comma = line.indexOf(',');
      if (comma > 0) {
        passwords.put(line.substring(0, comma), line.substring(comma + 1));
      }
    }
    return passwords;
  }
}
