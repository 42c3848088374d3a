package dev.quickhub.cli;

import dev.quickhub.runtime.HubStatus;
import dev.quickhub.runtime.ServerCount;
import dev.quickhub.users.Account;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** How hubs and accounts look on the terminal. */
final class StatusPrinter {

  private StatusPrinter() {}

  static void status(PrintWriter out, HubStatus status, HubSettings remembered) {
    row(out, "hub", status.name());
    row(out, "state", status.state());
    row(out, "engine", status.engine().toString());
    row(out, "options", remembered.describe());
    if (!"absent".equals(status.state())) {
      row(out, "url", status.url());
      row(out, "image", status.imageId());
      row(out, "base", status.base() + " (made " + status.baseCreated() + ")");
      row(out, "servers", servers(status.servers()));
    }
    for (int i = 0; i < status.volumes().size(); i++) {
      row(out, i == 0 ? "volumes" : "", status.volumes().get(i));
    }
    if ("running".equals(status.state())) {
      accounts(out, status.accounts());
    }
    out.flush();
  }

  /** "process", or "container (2 running)". */
  static String servers(ServerCount servers) {
    return servers.mode().word()
        + (servers.running() < 0 ? "" : " (" + servers.running() + " running)");
  }

  static void accounts(PrintWriter out, List<Account> accounts) {
    if (accounts.isEmpty()) {
      row(out, "accounts", "(none)");
    }
    for (int i = 0; i < accounts.size(); i++) {
      row(out, i == 0 ? "accounts" : "", describe(accounts.get(i)));
    }
    if (accounts.stream().anyMatch(Account::defaultPassword)) {
      out.println(
          "Accounts marked 'default password' log in with their user name as password: change it.");
    }
  }

  static String describe(Account account) {
    List<String> facts = new ArrayList<>();
    facts.add("uid " + account.uid());
    if (account.admin()) {
      facts.add("hub admin");
    }
    if (!account.groups().isEmpty()) {
      facts.add("groups " + String.join(",", account.groups()));
    }
    if (!account.home()) {
      facts.add("no home");
    }
    if (account.defaultPassword()) {
      facts.add("default password");
    }
    return account.name() + " (" + String.join(", ", facts) + ")";
  }

  private static void row(PrintWriter out, String key, String value) {
    out.printf("%-10s %s%n", key.isEmpty() ? "" : key + ":", value);
  }
}
