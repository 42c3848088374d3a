package dev.quickhub.cli;

import dev.quickhub.users.Groups;
import dev.quickhub.users.HubUsers;
import dev.quickhub.users.PasswordFile;
import dev.quickhub.users.SeedAccount;
import dev.quickhub.users.SeedList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    header = "Create the accounts of a class list (CSV: username,full_name,groups,admin).",
    description = {
      "Only username is required. A bad row (an invalid name, a control character, a privileged"
          + " group, sudo without admin) refuses the whole roster, every bad row named by its line,"
          + " before anything is created. Existing accounts are left alone, so importing again"
          + " changes nothing. New accounts get random passwords, written to a"
          + " new file with mode 0600 beside the roster (its path is printed), or the passwords of"
          + " --passwords FILE (username,password). With --course NAME every account of the roster,"
          + " existing ones too, is put in the course's group (made when missing).",
      ""
    })
final class UsersImportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin HubOptions hub;

  @Parameters(paramLabel = "ROSTER", description = "The class list, a CSV file.")
  Path roster;

  @Option(
      names = "--passwords",
      paramLabel = "FILE",
      description = "Set passwords from this username,password file.")
  Path passwordsFile;

  @Option(
      names = "--course",
      paramLabel = "NAME",
      description = "Put every account of the roster in course NAME (a group), e.g. c101.")
  String course;

  @Override
  public Integer call() throws IOException {
    var out = spec.commandLine().getOut();
    Optional<String> group = Optional.ofNullable(course).map(Groups::requireCourse);
    SeedList rows = SeedList.readRoster(roster);
    Map<String, String> given = passwordsFile == null ? Map.of() : PasswordFile.read(passwordsFile);
    List<SeedAccount> accounts = new ArrayList<>();
    for (SeedAccount account : rows.accounts()) {
      if (passwordsFile != null && !given.containsKey(account.username())) {
        out.println("skipped " + account.username() + ": no password for it in " + passwordsFile);
      } else {
        accounts.add(account);
      }
    }
    // The file for the new passwords exists before any account does, so none can be lost.
    HubUsers.Imported result;
    try (PasswordFile written = passwordsFile == null ? PasswordFile.create(roster) : null) {
      result =
          hub.hub(spec.commandLine().getErr()).build().users().importRoster(accounts, given, group);
      result.skipped().forEach(line -> out.println("skipped " + line));
      result.courseAdded().forEach(line -> out.println("put in course " + course + ": " + line));
      if (written != null && !result.passwords().isEmpty()) {
        written.write(result.passwords());
        out.println("Passwords of the new accounts are in " + written.path() + " (mode 0600).");
      }
    }
    // Every row not created was skipped: rows without a given password, existing accounts.
    int skipped = rows.accounts().size() - result.created().size();
    out.println(
        result.created().size()
            + " created, "
            + skipped
            + " skipped"
            + (group.isPresent()
                ? "; " + result.courseAdded().size() + " existing put in course " + course + "."
                : "."));
    return 0;
  }
}
