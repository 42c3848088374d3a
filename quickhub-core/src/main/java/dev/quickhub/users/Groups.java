package dev.quickhub.users;

import dev.quickhub.contract.ImageContract;
import dev.quickhub.report.ControlCharacters;
import dev.quickhub.report.QuickHubException;
import java.util.List;
import java.util.Optional;

/**
 * The supplementary groups an account may be put in by a roster, the seed list or {@code users
 * add}. The image's {@code quickhub_accounts.py} keeps the same two lists.
 */
public final class Groups {

  /**
   * Groups whose members are root or nearly: root's own, /etc/shadow (shadow), raw disks (disk),
   * the engine's socket (docker), memory (kmem), terminals (tty), the logs (adm) and /usr/local,
   * which is on root's PATH (staff). Never given this way; an admin uses sudo.
   */
  public static final List<String> PRIVILEGED =
      List.of("root", "shadow", "disk", "docker", "kmem", "tty", "adm", "staff");

  /** Groups for hub admins only: root through sudo, and the hub's admin rights themselves. */
  public static final List<String> ADMIN_ONLY = List.of("sudo", ImageContract.get().adminGroup());

  private Groups() {}

  /** Why an account ({@code admin} or not) cannot be put in {@code group}, if it cannot. */
  public static Optional<String> problem(String group, boolean admin) {
    if (!UserName.isValidGroup(group)) {
      return Optional.of(
          ControlCharacters.quoted(group)
              + " is not a valid group name: use "
              + UserName.RULE_TEXT);
    }
    if (PRIVILEGED.contains(group)) {
      return Optional.of(
          "'" + group + "' is a privileged group (" + String.join(", ", PRIVILEGED) + ")");
    }
    if (ADMIN_ONLY.contains(group) && !admin) {
      return Optional.of("'" + group + "' is for hub admins only; make the account an admin");
    }
    return Optional.empty();
  }

  /**
   * Returns the course, or fails: a course is a group every member is put in, so its name follows
   * the user names' rule, and a privileged or admin-only group is no course.
   */
  public static String requireCourse(String course) {
    if (!UserName.isValid(course)) {
      throw new QuickHubException(
          ControlCharacters.quoted(course)
              + " is not a course name: a course is a group of the hub, named with "
              + UserName.RULE_TEXT
              + " (and not a privileged or admin group such as sudo).");
    }
    return course;
  }

  /** Fails with the first group an account ({@code admin} or not) cannot be put in. */
  public static void require(List<String> groups, boolean admin) {
    for (String group : groups) {
      problem(group, admin)
          .ifPresent(
              problem -> {
                throw new QuickHubException(problem + "; nothing was changed.");
              });
    }
  }
}
