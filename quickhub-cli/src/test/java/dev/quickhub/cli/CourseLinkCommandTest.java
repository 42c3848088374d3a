package dev.quickhub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad input to 'course link' is one sentence, said before any engine is asked. */
class CourseLinkCommandTest {

  private final CommandLineRun cli = new CommandLineRun();

  // An engine that cannot answer: reaching it would fail with another sentence.
  private int link(String... args) {
    String[] all = new String[args.length + 4];
    all[0] = "course";
    all[1] = "link";
    System.arraycopy(args, 0, all, 2, args.length);
    all[args.length + 2] = "--host";
    all[args.length + 3] = "tcp://127.0.0.1:1";
    return cli.run(all);
  }

  @Test
  void aUrlThatIsNoRepositoryIsRefused() {
    assertThat(link("file:///srv/course.git")).isEqualTo(1);
    assertThat(cli.err.toString())
        .isEqualTo(
            "quickhub: 'file:///srv/course.git' is not a repository URL nbgitpuller can pull:"
                + " give an http://, https:// or git:// URL with the repository's path, such as"
                + " https://github.com/org/course.git.\n");
  }

  @Test
  void anOpenPathOutsideTheRepositoryIsRefused() {
    assertThat(link("https://example.org/c.git", "--open", "a/../../x")).isEqualTo(1);
    assertThat(cli.err.toString()).contains("leaves the repository's folder: drop the '..'.");
  }

  @Test
  void anUnknownAppIsRefused() {
    assertThat(link("https://example.org/c.git", "--app", "voila")).isEqualTo(1);
    assertThat(cli.err.toString())
        .contains("'voila' is not an app the link can open: give lab or notebook.");
  }
}
