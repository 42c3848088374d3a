package dev.quickhub.users;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quickhub.contract.ImageTool;
import dev.quickhub.engine.ContainerExec;
import dev.quickhub.report.Message;
import dev.quickhub.report.Progress;
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

  private static final String TOOL = "quickhub-users";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> PASSWORDS = new TypeReference<>() {};
  private static final TypeReference<List<String>> LINES = new TypeReference<>() {};

  private final ImageTool tools;

  public HubUsers(ContainerExec exec, String container) {
    this.tools = ImageTool.in(exec, container);
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
    List<String> args = new ArrayList<>(List.of("add"));
    args.addAll(names);
    if (admin) {
      args.add("--admin");
    }
    groups.forEach(group -> args.addAll(List.of("--group", group)));
    args.add(password.isPresent() ? "--password-stdin" : "--random");
    return passwords(run(password, args));
  }

  /** Sets a user's password; returns the random one made when none is given. */
  public Optional<String> passwd(String name, Optional<String> password) {
    UserName.require(name);
    JsonNode result =
        run(
            password,
            List.of("passwd", name, password.isPresent() ? "--password-stdin" : "--random"));
    return Optional.ofNullable(passwords(result).get(name));
  }

  /**
   * Removes the account, and its home unless {@code keepHome}. The hub first stops the user's
   * server and forgets the user with every token and login cookie, so a new account of the same
   * name starts afresh; when the hub cannot, nothing is changed.
   */
  public void remove(String name, boolean keepHome) {
    UserName.require(name);
    List<String> args = new ArrayList<>(List.of("remove", name));
    if (keepHome) {
      args.add("--keep-home");
    }
    run(Optional.empty(), args);
  }

  /**
   * Grants or revokes hub admin rights (membership of the hub's admin group). A grant takes effect
   * at the next login; a revoke at once: the hub stops the user's server and forgets the user's
   * tokens and login cookies, so the next login is an ordinary user's.
   */
  public void admin(String name, boolean grant) {
    UserName.require(name);
    run(Optional.empty(), List.of("admin", name, grant ? "--grant" : "--revoke"));
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
    List<String> args = new ArrayList<>(List.of("restore"));
    String stdin = null;
    if (random) {
      args.add("--random");
    } else if (!passwords.isEmpty()) {
      args.add("--passwords-stdin");
      stdin = json(passwords);
    }
    JsonNode result = tools.run(TOOL, args, stdin, Progress.silent());
    return new Restored(lines(result, "restored"), lines(result, "skipped"), passwords(result));
  }

  /**
   * What {@link #importRoster} did: accounts created, rows skipped, the random passwords, and the
   * existing accounts it put in the course.
   */
  public record Imported(
      List<String> created,
      List<String> skipped,
      Map<String, String> passwords,
      List<String> courseAdded) {}

  /**
   * Creates the roster's accounts (checked by {@link SeedList#readRoster}) that do not exist yet;
   * existing ones are left alone, so running it again changes nothing. Accounts with a password in
   * {@code passwords} get it, the others a random one, returned here. On failure the tool's message
   * says which accounts were created before it.
   */
  public Imported importRoster(List<SeedAccount> roster, Map<String, String> passwords) {
    return importRoster(roster, passwords, Optional.empty());
  }

  /**
   * Like {@link #importRoster(List, Map)}, and puts every row's account, existing ones too, in the
   * group of {@code course} (checked by {@link Groups#requireCourse}), made when missing.
   */
  public Imported importRoster(
      List<SeedAccount> roster, Map<String, String> passwords, Optional<String> course) {
    course.ifPresent(Groups::requireCourse);
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
    List<String> args = new ArrayList<>(List.of("import"));
    course.ifPresent(name -> args.addAll(List.of("--course", name)));
    JsonNode result = tools.run(TOOL, args, rows.toString(), Progress.silent());
    return new Imported(
        lines(result, "created"),
        lines(result, "skipped"),
        passwords(result),
        course.isPresent() ? lines(result, "course_added") : List.of());
  }

  /**
   * After {@code quickhub adopt}: gives the original's accounts 0700 homes with {@code ~/notebook}
   * and the seed list's admins hub admin rights. Returns one line per account.
   */
  public List<String> adopt() {
    return lines(
        tools
            .saying(error -> Message.of("Taking over the original's accounts failed: {}", error))
            .run(TOOL, List.of("adopt")),
        "adopted");
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode run(Optional<String> password, List<String> args) {
    return tools.run(TOOL, args, password.map(p -> p + "\n").orElse(null), Progress.silent());
  }

  /** The passwords the tool made (user name to password), in its order. */
  private static Map<String, String> passwords(JsonNode result) {
    return ImageTool.read(result.path("passwords"), PASSWORDS);
  }

  /** A list of lines in the tool's result, e.g. the accounts it skipped, each with why. */
  private static List<String> lines(JsonNode result, String field) {
    return ImageTool.read(result.path(field), LINES);
  }
}
