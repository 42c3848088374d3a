package dev.quickhub.cli;

import dev.quickhub.image.ExtraPackages;
import dev.quickhub.image.ImageSources;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.system.Dirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    header = "Make a hub folder: its own seed accounts and volumes, the rest built in.",
    description = {
      "Writes users/seed.csv and volumes/hub.yaml (copies of the built-in ones), an empty"
          + " packages.txt and a README.md into DIR (default: the current folder); refuses, writing nothing, when any of them is"
          + " there already. Edit them, then run quickhub up in DIR.",
      "",
      "Where build, up, restore and adopt take image/, users/seed.csv and volumes/hub.yaml from:"
          + " the folder given by --project, else QUICKHUB_HOME (the ./quickhub wrapper sets it to"
          + " its checkout), else the current folder when it holds users/ or image/, else the"
          + " copies built into quickhub. Each of the three comes from that folder when it has it,"
          + " else from the built-in copies.",
      ""
    })
final class InitCommand implements Callable<Integer> {

  static final String README =
      """
      # A quickhub hub folder

      Run `quickhub up` in this folder (or `quickhub up --project DIR` from elsewhere): the hub is
      built with the accounts and volumes written here.

      - `users/seed.csv`: the accounts made when the hub first starts
        (username, full name, groups, admin).
      - `volumes/hub.yaml`: the named volumes the hub runs on, and shared folders.
      - `packages.txt`: extra Debian packages for everyone, one name per line (built into the
        hub's base image; `quickhub build --refresh-base` updates them).
      - `image/` (optional): the hub's own files; without it the ones built into quickhub serve.
      - `config.d/*.py` (optional): JupyterHub settings of this hub, loaded after quickhub's own
        in name order; the README of quickhub lists the settings to leave alone.
      - `jupyterlab/overrides.json` (optional): JupyterLab settings defaults for every user.

      `quickhub init --help` tells where quickhub takes these files from.
      """;

  static final String PACKAGES =
      """
      # Extra Debian packages for everyone on this hub, one name per line, for example:
      #   python3-numpy
      #   python3-pandas
      #   r-cran-irkernel     (an R kernel in the launcher)
      # They are built into the hub's base image with the built-in ones; a changed list builds a
      # new base on the next 'quickhub up' or 'quickhub build' (a few minutes), and
      # 'quickhub build --refresh-base' brings them up to date.
      """;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "DIR",
      defaultValue = ".",
      description = "The hub folder to write (default: the current folder); made when missing.")
  Path dir;

  @Override
  public Integer call() throws IOException {
    ImageSources builtIn = ImageSources.builtIn(Dirs.cache());
    Map<Path, byte[]> files = new LinkedHashMap<>();
    files.put(Path.of("users", "seed.csv"), Files.readAllBytes(builtIn.seedFile()));
    files.put(Path.of("volumes", "hub.yaml"), Files.readAllBytes(builtIn.volumesFile()));
    files.put(Path.of(ExtraPackages.FILE), PACKAGES.getBytes(StandardCharsets.UTF_8));
    files.put(Path.of("README.md"), README.getBytes(StandardCharsets.UTF_8));
    for (Path file : files.keySet()) {
      if (Files.exists(dir.resolve(file))) {
        throw new QuickHubException(
            dir.resolve(file).normalize()
                + " is there already; init writes nothing over existing files, so nothing was"
                + " written.");
      }
    }
    for (Map.Entry<Path, byte[]> file : files.entrySet()) {
      Path target = dir.resolve(file.getKey());
      Files.createDirectories(target.toAbsolutePath().getParent());
      Files.write(target, file.getValue(), StandardOpenOption.CREATE_NEW);
    }
    spec.commandLine()
        .getOut()
        .println(
            "Wrote users/seed.csv, volumes/hub.yaml, packages.txt and README.md in "
                + dir.toAbsolutePath().normalize()
                + "; edit them, then run 'quickhub up' there.");
    return 0;
  }
}
