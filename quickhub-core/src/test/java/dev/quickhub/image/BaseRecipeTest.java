package dev.quickhub.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseRecipeTest {

  @TempDir Path dir;

  private BaseRecipe write(String packages) throws IOException {
    Files.writeString(dir.resolve("recipe.properties"), "suite=trixie\nvariant=apt\n");
    Files.writeString(dir.resolve("packages.txt"), packages);
    Files.writeString(dir.resolve("customize.sh"), "#!/bin/sh\n");
    return BaseRecipe.load(dir);
  }

  @Test
  void packagesIgnoreCommentsAndBlankLines() throws IOException {
    BaseRecipe recipe = write("# hub\njupyterhub\n\npython3-pip  # for users\n");
    assertThat(recipe.packages()).containsExactly("jupyterhub", "python3-pip");
    assertThat(recipe.suite()).isEqualTo("trixie");
  }

  @Test
  void hashChangesWithAnyFileAndNotOtherwise() throws IOException {
    String first = write("jupyterhub\n").hash();
    assertThat(write("jupyterhub\n").hash()).isEqualTo(first);
    assertThat(write("jupyterhub\nnano\n").hash()).isNotEqualTo(first);
    write("jupyterhub\n");
    Files.writeString(dir.resolve("customize.sh"), "#!/bin/sh\necho changed\n");
    assertThat(BaseRecipe.load(dir).hash()).isNotEqualTo(first);
    assertThat(BaseRecipe.load(dir).shortHash()).hasSize(12);
  }

  @Test
  void extraPackagesJoinTheIncludeListAndTheHash() throws IOException {
    BaseRecipe plain = write("jupyterhub\ngit\n");
    Path list = Files.writeString(dir.resolveSibling(dir.getFileName() + "-packages.txt"), "");
    try {
      Files.writeString(list, "python3-numpy\ngit\n");
      BaseRecipe numpy = plain.with(ExtraPackages.read(list));

      assertThat(numpy.packages()).containsExactly("jupyterhub", "git", "python3-numpy");
      assertThat(numpy.mmdebstrapCommand("out.tar", "/recipe"))
          .contains("--include=jupyterhub,git,python3-numpy");
      assertThat(numpy.hash()).isNotEqualTo(plain.hash());
      assertThat(numpy.extraPackages().names()).containsExactly("git", "python3-numpy");

      Files.writeString(list, "git\npython3-numpy # again, in another order\n");
      assertThat(plain.with(ExtraPackages.read(list)).hash()).isEqualTo(numpy.hash());
      Files.writeString(list, "python3-pandas\n");
      assertThat(plain.with(ExtraPackages.read(list)).hash())
          .isNotEqualTo(numpy.hash())
          .isNotEqualTo(plain.hash());

      Files.writeString(list, "# python3-numpy\n");
      BaseRecipe back = numpy.with(ExtraPackages.read(list));
      assertThat(back.hash()).as("the line removed: the old base").isEqualTo(plain.hash());
      assertThat(back.packages()).containsExactly("jupyterhub", "git");
    } finally {
      Files.delete(list);
    }
  }

  @Test
  void badPackageNameIsRefusedWithTheName() {
    assertThatThrownBy(() -> write("jupyterhub\nrm -rf /\n"))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("'rm -rf /'");
  }

  @Test
  void emptyPackageListIsRefused() {
    assertThatThrownBy(() -> write("# nothing\n")).hasMessageContaining("lists no packages");
  }

  @Test
  void missingSuiteIsRefused() throws IOException {
    write("jupyterhub\n");
    Files.writeString(dir.resolve("recipe.properties"), "variant=apt\n");
    assertThatThrownBy(() -> BaseRecipe.load(dir)).hasMessageContaining("'suite'");
  }

  @Test
  void mmdebstrapCommandIncludesPackagesHookSuiteAndOutput() throws IOException {
    List<String> command = write("jupyterhub\nsudo\n").mmdebstrapCommand("out.tar", "/recipe");
    assertThat(command)
        .startsWith("mmdebstrap")
        .contains("--variant=apt", "--format=tar", "--include=jupyterhub,sudo")
        .contains("--customize-hook=sh '/recipe/customize.sh' \"$1\"")
        .endsWith("trixie", "out.tar");
  }

  @Test
  void hookPathIsQuotedForTheShell() throws IOException {
    List<String> command = write("jupyterhub\n").mmdebstrapCommand("out.tar", "/it's here");
    assertThat(command).contains("--customize-hook=sh '/it'\\''s here/customize.sh' \"$1\"");
  }

  @Test
  void filesAreListedRelativeInNameOrder() throws IOException {
    BaseRecipe recipe = write("jupyterhub\n");
    assertThat(recipe.files()).isSorted().contains(Path.of("packages.txt"));
    assertThat(recipe.files()).noneMatch(Path::isAbsolute);
  }

  @Test
  void shippedRecipeHasTheHubPackages() {
    BaseRecipe shipped = BaseRecipe.load(Path.of("image/base"));
    assertThat(shipped.packages())
        .contains("jupyterhub", "jupyterlab", "python3-pip", "sudo", "tini", "login");
  }

  @Test
  void aLinkInTheRecipeIsRefused() throws IOException {
    write("jupyterhub\n");
    Files.delete(dir.resolve("packages.txt"));
    Files.createSymbolicLink(dir.resolve("packages.txt"), Path.of("/etc/hostname"));
    assertThatThrownBy(() -> BaseRecipe.load(dir))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining("holds a link, packages.txt");
  }
}
