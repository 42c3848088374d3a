package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Course material by link, and the usual Jupyter tools in a terminal. There is no GitHub here: the
 * test makes a git repository inside the hub container and serves it with {@code git daemon} on the
 * container's own loopback; user1 opens the launcher's link as a browser would and the pull runs
 * through nbgitpuller's API, twice, with a teacher's commit and a student's edit in between.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CourseLinkE2ETest {

  private static final String REPO = "git://127.0.0.1/material";
  private static final String WORK = "/srv/course-git/material";
  private static final String GIT = "git -c user.name=Teacher -c user.email=teacher@example.org";

  private TestHub hub;
  private HubClient user1;

  @BeforeAll
  void hubWithARepositoryOnItsLoopback() throws Exception {
    hub = new TestHub();
    Cli up = Cli.run(hub.args("up"));
    assertThat(up.exitCode()).as(up.err()).isZero();
    root(
        "mkdir -p "
            + WORK
            + " && cd "
            + WORK
            + " && git init -q -b main"
            + " && printf 'Week 1\\n' > README.md && mkdir lessons"
            + " && printf 'print(1)\\n' > lessons/one.py"
            + " && git add -A && "
            + GIT
            + " commit -q -m first");
    root(
        "(git daemon --reuseaddr --base-path=/srv/course-git --export-all --listen=127.0.0.1"
            + " --detach --pid-file=/srv/course-git/daemon.pid)");
    Instant deadline = Instant.now().plusSeconds(30);
    while (hub.exec(null, null, "git", "ls-remote", REPO).exitCode() != 0) {
      assertThat(Instant.now()).as("git daemon answers").isBefore(deadline);
      Thread.sleep(300);
    }
    user1 = HubClient.at(hub.url());
    assertThat(user1.login("user1", "user1")).isTrue();
    user1.startServer(Duration.ofMinutes(3));
  }

  @AfterAll
  void removeTheHub() throws Exception {
    if (hub != null) {
      hub.close();
    }
  }

  private String root(String script) {
    var result = hub.exec(null, null, "sh", "-c", script);
    assertThat(result.exitCode()).as(script + ": " + result.stderr()).isZero();
    return result.stdout();
  }

  private String asUser1(String script) {
    var result = hub.exec("user1", null, "sh", "-c", script);
    assertThat(result.exitCode()).as(script + ": " + result.stderr()).isZero();
    return result.stdout();
  }

  /**
   * Opens the link as a browser would (the hub sends user1 to their server's git-pull page), then
   * does what that page's script does: reads the pull's event stream from nbgitpuller's API.
   */
  private String click(URI link) {
    HttpResponse<String> page =
        user1.get(link.getRawPath().substring(1) + "?" + link.getRawQuery());
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    assertThat(page.uri().getPath()).isEqualTo("/user/user1/git-pull");
    HttpResponse<String> events =
        user1.get("user/user1/git-pull/api?" + link.getRawQuery().replaceAll("&urlpath=[^&]*", ""));
    assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
    assertThat(events.body()).as("the pull's events").contains("\"phase\": \"finished\"");
    return events.body();
  }

  @Test
  @Order(1)
  void theLinkPullsTheRepositoryAndASecondPullKeepsTheStudentsEdit() {
    Cli course =
        Cli.run(
            "course",
            "link",
            REPO,
            "--branch",
            "main",
            "--open",
            "lessons/one.py",
            "--name",
            hub.name);
    assertThat(course.exitCode()).as(course.err()).isZero();
    URI link = URI.create(course.out().trim());
    assertThat(link.toString())
        .isEqualTo(
            "http://localhost:"
                + hub.port
                + "/hub/user-redirect/git-pull?repo=git%3A%2F%2F127.0.0.1%2Fmaterial"
                + "&branch=main&targetpath=material"
                + "&urlpath=lab%2Ftree%2Fmaterial%2Flessons%2Fone.py");

    click(link);
    assertThat(
            root(
                "cd /home/user1/notebook/material && stat -c '%U %n' README.md lessons/one.py"
                    + " && cat README.md"))
        .as("the material is in user1's notebook folder, owned by user1")
        .isEqualTo("user1 README.md\nuser1 lessons/one.py\nWeek 1\n");

    user1.writeFile("material/README.md", "Week 1 - my notes\n");
    root(
        "cd "
            + WORK
            + " && printf 'Week 1 (revised)\\n' > README.md"
            + " && printf 'print(2)\\n' > lessons/two.py"
            + " && git add -A && "
            + GIT
            + " commit -q -m second");

    click(link);
    assertThat(asUser1("cd ~/notebook/material && cat README.md lessons/two.py"))
        .as("the new file arrived; user1's edit of README.md is kept")
        .isEqualTo("Week 1 - my notes\nprint(2)\n");
    assertThat(root("stat -c %U /home/user1/notebook/material/lessons/two.py"))
        .isEqualTo("user1\n");
  }

  @Test
  @Order(2)
  void badInputGetsOneSentence() {
    Cli notGit = Cli.run("course", "link", "file:///srv/x.git", "--name", hub.name);
    assertThat(notGit.exitCode()).isNotZero();
    assertThat(notGit.err()).contains("is not a repository URL nbgitpuller can pull");
    Cli outside = Cli.run("course", "link", REPO, "--open", "../x", "--name", hub.name);
    assertThat(outside.exitCode()).isNotZero();
    assertThat(outside.err()).contains("leaves the repository's folder");
    Cli absent = Cli.run("course", "link", REPO, "--name", hub.name + "-absent");
    assertThat(absent.exitCode()).isNotZero();
    assertThat(absent.err())
        .contains("is not running; start it with 'quickhub up --name " + hub.name + "-absent'.");
  }

  @Test
  @Order(3)
  void theUsualJupyterToolsWorkForAUser() {
    assertThat(asUser1("jupyter kernelspec list")).contains("python3");
    asUser1("python3 -m ipykernel install --user --name scratch >/dev/null");
    assertThat(asUser1("jupyter kernelspec list")).contains("scratch");
    asUser1("jupyter kernelspec remove -y scratch");
    assertThat(asUser1("jupyter kernelspec list")).doesNotContain("scratch");

    String notebook =
        "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {\"kernelspec\": {\"name\":"
            + " \"python3\", \"display_name\": \"Python 3\", \"language\": \"python\"},"
            + " \"language_info\": {\"name\": \"python\", \"file_extension\": \".py\"}},"
            + " \"cells\": [{\"cell_type\": \"code\", \"id\": \"c1\", \"metadata\": {},"
            + " \"execution_count\": null, \"outputs\": [],"
            + " \"source\": \"open('ran.txt', 'w').write(str(6 * 7))\"}]}";
    var written =
        hub.exec("user1", notebook, "sh", "-c", "mkdir -p ~/tools && cat > ~/tools/nb.ipynb");
    assertThat(written.exitCode()).as(written.stderr()).isZero();
    asUser1("cd ~/tools && jupyter nbconvert --to script nb.ipynb");
    asUser1("cd ~/tools && jupyter nbconvert --to html nb.ipynb");
    assertThat(asUser1("cat ~/tools/nb.py")).contains("open('ran.txt', 'w').write(str(6 * 7))");
    assertThat(asUser1("cat ~/tools/nb.html")).contains("<html").contains("ran.txt");
    asUser1("cd ~/tools && jupyter execute nb.ipynb");
    assertThat(asUser1("cat ~/tools/ran.txt")).isEqualTo("42");
  }
}
