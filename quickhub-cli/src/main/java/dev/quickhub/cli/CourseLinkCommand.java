package dev.quickhub.cli;

import dev.quickhub.course.PullLink;
import dev.quickhub.report.Call;
import dev.quickhub.report.Message;
import dev.quickhub.report.QuickHubException;
import dev.quickhub.runtime.HubStatus;
import dev.quickhub.tls.TlsSettings;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "link",
    mixinStandardHelpOptions = true,
    header = "Print the hub's nbgitpuller link for a git repository of course material.",
    description = {
      "A student who opens the link (after logging in) gets the repository pulled into their"
          + " notebook folder (~/notebook/REPO-NAME) and lands in it; opening it again merges the"
          + " repository's changes, keeping the student's own edits (nbgitpuller's rules). The link"
          + " uses the hub's URL (https with TLS, the --domain the hub was brought up with); the"
          + " hub must be running.",
      ""
    })
final class CourseLinkCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin HubOptions hub;

  @Parameters(
      paramLabel = "REPO-URL",
      description = "The repository: an http://, https:// or git:// URL the hub can reach.")
  String repo;

  @Option(
      names = "--branch",
      paramLabel = "B",
      description = "The branch (default: the repository's default branch).")
  String branch;

  @Option(
      names = "--open",
      paramLabel = "PATH",
      description = "A file or folder in the repository to open (default: its top folder).")
  String open;

  @Option(
      names = "--app",
      paramLabel = "APP",
      defaultValue = "lab",
      description = "Open it in lab (JupyterLab) or notebook (default: ${DEFAULT-VALUE}).")
  String app;

  @Override
  public Integer call() {
    PullLink.App chosen =
        switch (app.toLowerCase(Locale.ROOT)) {
          case "lab" -> PullLink.App.LAB;
          case "notebook" -> PullLink.App.NOTEBOOK;
          default ->
              throw new QuickHubException(
                  "'" + app + "' is not an app the link can open: give lab or notebook.");
        };
    // Checked before asking the engine: bad input needs no hub.
    PullLink link = PullLink.builder(repo).branch(branch).open(open).app(chosen).build();
    HubStatus status = hub.hub(spec.commandLine().getErr()).build().status();
    if (!"running".equals(status.state()) || status.url().isEmpty()) {
      throw new QuickHubException(
          Message.of(
              "Hub {} is not running; start it with {}.",
              status.name(),
              Call.of(Call.Command.UP, status.name())));
    }
    spec.commandLine().getOut().println(link.on(hubUrl(status)));
    return 0;
  }

  /** The URL students reach the hub at: the status URL, under the hub's domain when it has one. */
  private URI hubUrl(HubStatus status) {
    URI url = URI.create(status.url());
    TlsSettings tls = hub.remembered().tls();
    if (tls == null || tls.domain() == null) {
      return url;
    }
    return URI.create(url.getScheme() + "://" + tls.domain() + ":" + url.getPort() + "/");
  }
}
