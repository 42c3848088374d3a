package dev.quickhub.cli;

import dev.quickhub.report.QuickHubException;
import dev.quickhub.users.Account;
import dev.quickhub.users.HubUsers;
import dev.quickhub.users.PasswordFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    header = "List and change the hub's accounts while it runs.",
    description = {
      "Accounts are Linux accounts in the hub, kept on its /etc volume; homes are 0700 with ~/notebook."
          + " Passwords are read from stdin (--password-stdin) or made at random and shown once.",
      ""
    },
    subcommands = {
      UsersCommand.ListUsers.class,
      UsersCommand.Add.class,
      UsersCommand.Passwd.class,
      UsersCommand.Remove.class,
      UsersCommand.Admin.class,
      UsersCommand.Restore.class,
      UsersImportCommand.class,
      UsersStartCommand.class
    })
final class UsersCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** How a password is given: on stdin, or made at random (the default). */
  static final class PasswordSource {
    @Option(
        names = "--password-stdin",
        description = "Read the password from the first line of stdin.")
    boolean stdin;

    @Option(
        names = "--random",
        description = "Make a random password and print it once (the default).")
    boolean random;

    Optional<String> read() {
      return stdin ? Optional.of(firstLineOfStdin()) : Optional.empty();
    }

    /** The first line of stdin, which must hold a password. */
    static String firstLineOfStdin() {
      try {
        String line =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
          throw new QuickHubException(
              "No password on stdin; give it as one line, e.g. with printf '%s\\n'.");
        }
        return line;
      } catch (IOException e) {
        throw new QuickHubException("Cannot read the password from stdin: " + e.getMessage(), e);
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      header = "Name, uid, admin, groups, home, default password.")
  static final class ListUsers implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubOptions hub;
    @Mixin JsonOutput json;

    @Override
    public Integer call() {
      List<Account> accounts = hub.hub(spec.commandLine().getErr()).build().accounts();
      var out = spec.commandLine().getOut();
      if (json.enabled) {
        JsonOutput.print(out, accounts);
        return 0;
      }
      out.printf(
          "%-20s %6s %-6s %-8s %-5s %s%n", "NAME", "UID", "ADMIN", "PASSWORD", "HOME", "GROUPS");
      for (Account account : accounts) {
        out.printf(
            "%-20s %6d %-6s %-8s %-5s %s%n",
            account.name(),
            account.uid(),
            account.admin() ? "yes" : "no",
            account.defaultPassword() ? "default" : "set",
            account.home() ? "yes" : "NO",
            String.join(",", account.groups()));
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      header = "Add accounts with a 0700 home and ~/notebook.")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubOptions hub;

    @Parameters(
        paramLabel = "NAME",
        arity = "1..*",
        description = "User names (lower-case, as for useradd).")
    List<String> names = new ArrayList<>();

    @Option(names = "--admin", description = "Give hub admin rights (and the admin group).")
    boolean admin;

    @Option(
        names = "--group",
        paramLabel = "G",
        description =
            "Also put the users in group G (repeatable); not a privileged group such as shadow,"
                + " and sudo only with --admin.")
    List<String> groups = new ArrayList<>();

    @ArgGroup(exclusive = true)
    PasswordSource password = new PasswordSource();

    @Override
    public Integer call() {
      Map<String, String> random =
          hub.hub(spec.commandLine().getErr())
              .build()
              .users()
              .add(names, admin, groups, password.read());
      var out = spec.commandLine().getOut();
      out.println("Added " + String.join(", ", names) + ".");
      if (!random.isEmpty()) {
        out.println("Passwords, shown only now (username,password):");
        random.forEach((name, pw) -> out.println(name + "," + pw));
      }
      return 0;
    }
  }

  @Command(name = "passwd", mixinStandardHelpOptions = true, header = "Set a user's password.")
  static final class Passwd implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubOptions hub;

    @Parameters(paramLabel = "NAME", description = "The user.")
    String name;

    @ArgGroup(exclusive = true)
    PasswordSource password = new PasswordSource();

    @Override
    public Integer call() {
      Optional<String> random =
          hub.hub(spec.commandLine().getErr()).build().users().passwd(name, password.read());
      var out = spec.commandLine().getOut();
      out.println("Password of " + name + " changed.");
      random.ifPresent(pw -> out.println("New password, shown only now: " + pw));
      return 0;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      header =
          "Remove an account (and its home); its server stops and its hub logins and API tokens"
              + " stop working.")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubOptions hub;

    @Parameters(paramLabel = "NAME", description = "The user.")
    String name;

    @Option(names = "--keep-home", description = "Keep /home/NAME (for 'users restore' later).")
    boolean keepHome;

    @Override
    public Integer call() {
      hub.hub(spec.commandLine().getErr()).build().users().remove(name, keepHome);
      spec.commandLine()
          .getOut()
          .println("Removed " + name + (keepHome ? "; its home is kept." : " and its home."));
      return 0;
    }
  }

  @Command(
      name = "admin",
      mixinStandardHelpOptions = true,
      header =
          "Grant hub admin rights (from the user's next login) or revoke them (at once: the"
              + " user's server stops, their hub logins and API tokens end).")
  static final class Admin implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubOptions hub;

    @Parameters(paramLabel = "NAME", description = "The user.")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Mode mode;

    static final class Mode {
      @Option(names = "--grant", required = true, description = "Make NAME a hub admin.")
      boolean grant;

      @Option(names = "--revoke", required = true, description = "Take hub admin rights from NAME.")
      boolean revoke;
    }

    @Override
    public Integer call() {
      hub.hub(spec.commandLine().getErr()).build().users().admin(name, mode.grant);
      spec.commandLine()
          .getOut()
          .println(
              mode.grant
                  ? "Granted hub admin rights to " + name + " (from their next login)."
                  : "Revoked hub admin rights of " + name + "; their hub sessions ended.");
      return 0;
    }
  }

  @Command(
      name = "restore",
      mixinStandardHelpOptions = true,
      header = "Recreate accounts from the homes in /home that have none (after /etc was lost).",
      description = {
        "Each account gets the uid and gid that own its home, so users own their files again. Invalid"
            + " names, lost+found, folders owned by root and homes whose gid is a system group or"
            + " another group are skipped and reported. The accounts stay"
            + " locked until 'users passwd', --random or --passwords gives them a password.",
        ""
      })
  static final class Restore implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubOptions hub;

    @ArgGroup(exclusive = true)
    RestorePasswords passwords = new RestorePasswords();

    static final class RestorePasswords {
      @Option(
          names = "--random",
          description = "Give each restored account a random password, shown once.")
      boolean random;

      @Option(
          names = "--passwords",
          paramLabel = "FILE",
          description = "Set the passwords of this username,password file (e.g. one import wrote).")
      Path file;
    }

    @Override
    public Integer call() {
      Map<String, String> given =
          passwords.file == null ? Map.of() : PasswordFile.read(passwords.file);
      HubUsers.Restored result =
          hub.hub(spec.commandLine().getErr()).build().users().restore(passwords.random, given);
      var out = spec.commandLine().getOut();
      result.restored().forEach(line -> out.println("restored " + line));
      result.skipped().forEach(line -> out.println("skipped " + line));
      out.println(result.restored().size() + " restored, " + result.skipped().size() + " skipped.");
      if (!result.passwords().isEmpty()) {
        out.println("Passwords, shown only now (username,password):");
        result.passwords().forEach((name, pw) -> out.println(name + "," + pw));
      }
      return 0;
    }
  }
}
