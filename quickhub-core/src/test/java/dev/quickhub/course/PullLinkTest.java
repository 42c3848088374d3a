package dev.quickhub.course;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.QuickHubException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PullLinkTest {

  private static final URI HUB = URI.create("http://127.0.0.1:8000/");

  @Test
  void aLabLinkOpensTheRepositorysFolder() {
    PullLink link = PullLink.builder("https://github.com/org/course.git").build();
    assertThat(link.folder()).isEqualTo("course");
    assertThat(link.on(HUB).toString())
        .isEqualTo(
            "http://127.0.0.1:8000/hub/user-redirect/git-pull"
                + "?repo=https%3A%2F%2Fgithub.com%2Forg%2Fcourse.git"
                + "&targetpath=course&urlpath=lab%2Ftree%2Fcourse");
  }

  @Test
  void branchOpenPathAndNotebookAreEncoded() {
    PullLink link =
        PullLink.builder("git://127.0.0.1/w1/notes")
            .branch("week-1")
            .open("/lessons/Intro & more.ipynb")
            .app(PullLink.App.NOTEBOOK)
            .build();
    assertThat(link.on(URI.create("https://hub.example.org:8443")).toString())
        .isEqualTo(
            "https://hub.example.org:8443/hub/user-redirect/git-pull"
                + "?repo=git%3A%2F%2F127.0.0.1%2Fw1%2Fnotes"
                + "&branch=week-1&targetpath=notes"
                + "&urlpath=tree%2Fnotes%2Flessons%2FIntro%20%26%20more.ipynb");
  }

  @Test
  void nonAsciiIsEncodedAsUtf8() {
    PullLink link = PullLink.builder("https://example.org/kurs.git").open("Übung.ipynb").build();
    assertThat(link.on(HUB).toString())
        .endsWith("&targetpath=kurs&urlpath=lab%2Ftree%2Fkurs%2F%C3%9Cbung.ipynb");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "github.com/org/course",
        "ssh://git@github.com/org/course.git",
        "file:///srv/course.git",
        "https://github.com/org/course/",
        "https:///course.git",
        "git://host/..",
        "not a url"
      })
  void urlsNbgitpullerCannotPullAreRefused(String repo) {
    assertThatThrownBy(() -> PullLink.builder(repo))
        .isInstanceOf(QuickHubException.class)
        .hasMessageStartingWith("'" + repo + "' is not a repository URL nbgitpuller can pull");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../etc/passwd", "a/../../b", "a/.."})
  void anOpenPathOutsideTheRepositoryIsRefused(String path) {
    assertThatThrownBy(() -> PullLink.builder("https://example.org/c.git").open(path))
        .isInstanceOf(QuickHubException.class)
        .hasMessage(
            "The path to open '" + path + "' leaves the repository's folder: drop the '..'.");
  }

  @Test
  void aDottedFileNameIsNoParentFolder() {
    PullLink link = PullLink.builder("https://example.org/c.git").open("..notes.md").build();
    assertThat(link.on(HUB).toString())
        .endsWith("&targetpath=c&urlpath=lab%2Ftree%2Fc%2F..notes.md");
  }

  @Test
  void aBranchLikeAnOptionIsRefused() {
    assertThatThrownBy(() -> PullLink.builder("https://example.org/c.git").branch("-x"))
        .isInstanceOf(QuickHubException.class)
        .hasMessage("'-x' is not a git branch name.");
  }
}
